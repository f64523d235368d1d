export * from './text-metrics'
export * from './bootstrap'
export * from './classification-metrics'
export * from './prompt'
