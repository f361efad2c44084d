import 'reflect-metadata';
import cluster from 'node:cluster';
import { runApp } from '@app/common';
import { primarySpec } from './primary.js';
import { workerSpec } from './worker.js';

runApp(cluster.isPrimary ? primarySpec() : workerSpec());
