FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production TS_NODE_BASEURL=dist
COPY --from=build /app/package.json /app/tsconfig.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
EXPOSE 3000
# The API's JavaScript heap is bounded (README, "Performance"): unbounded, V8 lets garbage pile up to hundreds of MB.
CMD ["node", "--max-old-space-size=256", "-r", "tsconfig-paths/register", "dist/apps/api/src/main.js"]
