// `npm run studio:types`: rewrites studi./src/openapi.d.ts from the server's OpenAPI document.
import { writeFile } from 'node:fs/promises';
import { API_TYPES_FILE, generateApiTypes } from './api-types.js';

await writeFile(API_TYPES_FILE, await generateApiTypes());
console.log(API_TYPES_FILE.pathname);
