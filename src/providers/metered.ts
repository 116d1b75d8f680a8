// Wraps a task's providers so every call's reported usage (tokens, images, audio seconds) reaches
// one callback: the task layer sums it per task and shows it on the progress route.
import type { ProviderKind } from './registry.js';
import type { Providers, Usage } from './types.js';

/** Same providers, same results; `onUsage(kind, usage)` runs after each call that reports usage. */
export function meterProviders(
  providers: Providers,
  onUsage: (kind: ProviderKind, usage: Usage) => void,
): Providers {
  const report = (kind: ProviderKind, usage: Usage | undefined) => {
    if (usage && Object.keys(usage).length > 0) onUsage(kind, usage);
  };
  const { story, image, speech } = providers;
  return {
    story: {
      provider: story.provider,
      modelId: story.modelId,
      writeStory: async (request, options) => {
        const r = await story.writeStory(request, options);
        report('story', r.usage);
        return r;
      },
      rewritePage: async (script, page, request, options) => {
        const r = await story.rewritePage(script, page, request, options);
        report('story', r.usage);
        return r;
      },
    },
    image: {
      provider: image.provider,
      modelId: image.modelId,
      generate: async (request, options) => {
        const r = await image.generate(request, options);
        report('image', r.usage);
        return r;
      },
    },
    speech: {
      provider: speech.provider,
      modelId: speech.modelId,
      synthesize: async (request, options) => {
        const r = await speech.synthesize(request, options);
        report('speech', r.usage);
        return r;
      },
    },
  };
}
