# StoryAgent image: the API server, the workers and the CLI (ffmpeg and CJK fonts included).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg fonts-noto-cjk fontconfig tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8000 \
    STORAGE_DIR=/data/generated_stories DATA_DIR=/data/state SHARED_MEDIA_DIR=/data/shared_media
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY migrations ./migrations
COPY assets ./assets
COPY web ./web
RUN ln -s /app/bin/storyagent.js /usr/local/bin/storyagent && mkdir -p /data && chown -R node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8000
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["storyagent", "serve"]
