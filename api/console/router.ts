import express, { Router } from 'express';
import path from 'node:path';
import { ALL_LABELS } from '../statistics/labels';

const ROOT = path.join(__dirname, '..', '..');
const modules = (p: string) => path.join(ROOT, 'node_modules', p);

/**
 * The console (控制台): a static single-page app in console/ that talks to
 * /api/v1 with the bearer token the user signs in with, so every rule stays in
 * the API. Its libraries are served from node_modules (no CDN): preact and htm
 * for the UI, Chart.js for the charts. Nothing here needs a token: it is code,
 * not data.
 */
export function consoleRouter(): Router {
  const r = Router();
  const files = { index: false, fallthrough: false, maxAge: '1h' } as const;
  r.use('/vendor/preact', express.static(modules('preact/dist'), files));
  r.use('/vendor/preact-hooks', express.static(modules('preact/hooks/dist'), files));
  r.use('/vendor/htm', express.static(modules('htm/dist'), files));
  r.use('/vendor/chart.js', express.static(modules('chart.js/dist'), files));
  r.get('/labels.json', (_req, res) => { res.json(ALL_LABELS); });
  r.use(express.static(path.join(ROOT, 'console'), { index: 'index.html' }));
  return r;
}
