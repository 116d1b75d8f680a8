// Settings for the Vercel AI SDK shared by every provider built on it: warnings travel in our
// results (`warnings`), so the SDK must not also print them to the console.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
