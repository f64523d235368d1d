/**
 * Entry of a training worker process (one OS process per job). The engine and job protocol
 * arrive with the training-engine issue; until then the entry reports that plainly instead
 * of pretending to train.
 */
const message = { kind: 'unsupported', message: 'Training workers are not available in this build yet.' }
if (process.send) process.send({ type: 'error', error: message })
else console.error(message.message)
process.exitCode = 1
