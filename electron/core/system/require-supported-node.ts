/**
 * Imported first by every entry point a user starts (CLI, web host): an unsupported Node.js
 * stops here with a message, before any other module (or native binding) is loaded.
 */
import { exitIfUnsupportedNode } from './node-support'

exitIfUnsupportedNode()
