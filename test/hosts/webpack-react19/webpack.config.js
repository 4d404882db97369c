// A plain webpack 5 host: ts-loader (type-checks against the installed package's types, under the older
// `moduleResolution: "node"`), css-loader + style-loader for the two stylesheets, and nothing for the
// worker: webpack bundles `new Worker(new URL('./flowstress.worker.js', import.meta.url))` by itself.
import HtmlWebpackPlugin from 'html-webpack-plugin';
import { resolve } from 'node:path';

export default {
  entry: './src/main.tsx',
  output: { path: resolve(import.meta.dirname, 'dist'), clean: true },
  resolve: { extensions: ['.tsx', '.ts', '.js'] },
  module: {
    rules: [
      { test: /\.tsx?$/, use: 'ts-loader', exclude: /node_modules/ },
      { test: /\.css$/, use: ['style-loader', 'css-loader'] },
    ],
  },
  plugins: [new HtmlWebpackPlugin({ title: 'Host: webpack 5, React 19, @xyflow/react 12', templateContent: '<!doctype html><html lang="en"><head><meta charset="UTF-8"><style>body { margin: 0; }</style></head><body><div id="root"></div></body></html>' })],
  performance: { hints: false },
};
