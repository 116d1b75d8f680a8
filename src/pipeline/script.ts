// The story script's schema, re-exported for the pipeline's callers (it lives in story/, which media
// and providers share). Reading and writing script_data.json is the task folder's (storage/).
export * from '../story/script.js';
