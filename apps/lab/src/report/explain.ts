import type { LabOptions } from '../lab-options.js';
import type { RunAnalysis } from '../run-analysis.js';

const s = (ms: number | undefined) => (ms === undefined ? '—' : (ms / 1000).toFixed(2));

/**
 * The plain-words comparison, built from the measured numbers. Each paragraph
 * says what happened, with the numbers, and why.
 */
export function explain(runs: RunAnalysis[], options: LabOptions): string[] {
  const ru = options.lang === 'ru';
  const d = options.delayMs;
  const out: string[] = [];
  const sync = runs.find((r) => r.kind === 'server-sync');
  const cluster = runs.find((r) => r.kind === 'server-cluster');

  for (const run of runs) {
    const failed = run.clients.filter((c) => !c.ok);
    if (failed.length > 0) {
      out.push(
        ru
          ? `Внимание: ${failed.length} из ${run.clients.length} клиентов не получили ответ (${run.kind}): ${failed.map((c) => `клиент ${c.index}: ${c.error ?? 'нет ответа'}`).join('; ')}.`
          : `Note: ${failed.length} of ${run.clients.length} clients got no reply (${run.kind}): ${failed.map((c) => `client ${c.index}: ${c.error ?? 'no reply'}`).join('; ')}.`,
      );
    }
  }

  if (sync) {
    const r = sync.clients.map((c) => c.responseMs);
    const waits = sync.clients.map((c) => s(c.waitMs)).join(', ');
    const perK = sync.clients
      .filter((c) => c.responseMs !== undefined)
      .map((c) => `${c.index}: ${s(c.responseMs)} (${((c.responseMs ?? 0) / Math.max(1, d)).toFixed(1)}×)`)
      .join(', ');
    out.push(
      ru
        ? `Итеративный сервер обслуживает клиентов по одному. Клиент 1 получил ответ через ${s(r[0])} с — это и есть задержка ${s(d)} с. ` +
            `Остальные клиенты подключились, пока первый ещё ждал ответа, и стояли в очереди непрочитанными (в логе сервера — CLIENT_QUEUED): ` +
            `время в очереди по клиентам, с: ${waits}. Поэтому клиент k ждёт ответа примерно k × ${s(d)} с плюс время, пока предыдущие ` +
            `клиенты ещё оставались подключёнными после своих ответов. Время ответа, с (в долях задержки): ${perK}. ` +
            `Всего от первого подключения до последнего отключения: ${s(sync.totalMs)} с.`
        : `The iterative server serves one client at a time. Client 1 got its reply after ${s(r[0])} s — the ${s(d)} s delay itself. ` +
            `The other clients connected while the first one still waited, and stood unread in the queue (CLIENT_QUEUED in the server log): ` +
            `time in queue per client, s: ${waits}. So client k waits about k × ${s(d)} s for its reply, plus the time the clients before it ` +
            `stayed connected after their replies. Response times, s (in delays): ${perK}. ` +
            `From the first connection to the last disconnection: ${s(sync.totalMs)} s.`,
    );
  }

  if (cluster) {
    const times = cluster.clients.map((c) => c.responseMs ?? NaN).filter((x) => !Number.isNaN(x));
    const min = Math.min(...times);
    const max = Math.max(...times);
    const workers = Number(cluster.serverStart?.workers ?? options.workers);
    const used = new Set(cluster.clients.map((c) => c.worker).filter(Boolean)).size;
    out.push(
      options.mode === 'sleep'
        ? ru
          ? `Многопроцессный сервер (${workers} рабочих процесса(ов), клиентов обслуживали ${used}) принимает всех клиентов сразу: ` +
            `пока один запрос «ждёт» (режим sleep не занимает процессор), процесс обслуживает других. Ответы пришли через ${s(min)}–${s(max)} с, ` +
            `то есть примерно через одну задержку каждому, независимо от номера клиента. Всего: ${s(cluster.totalMs)} с.`
          : `The multi-process server (${workers} worker processes, ${used} of them served these clients) admits every client at once: ` +
            `while one request waits (sleep work does not use the CPU), a process serves the others. Replies came after ${s(min)}–${s(max)} s, ` +
            `about one delay for every client whatever its number. Total: ${s(cluster.totalMs)} s.`
        : ru
          ? `В режиме spin запрос занимает процессор целиком, и процесс не может делать ничего другого: одновременно обрабатывается не больше ` +
            `${workers} запросов (по одному на рабочий процесс). Поэтому ответы идут партиями по ${workers}: от ${s(min)} до ${s(max)} с. ` +
            `Всего: ${s(cluster.totalMs)} с. Именно для такой работы и нужны несколько процессов.`
          : `With spin work a request takes the whole CPU and its process can do nothing else: at most ${workers} requests run at once ` +
            `(one per worker process). So replies come in batches of ${workers}: from ${s(min)} to ${s(max)} s. Total: ${s(cluster.totalMs)} s. ` +
            `That is what several processes are for.`,
    );
  }

  if (sync && cluster) {
    const lastSync = Math.max(...sync.clients.map((c) => c.responseMs ?? 0));
    const lastCluster = Math.max(...cluster.clients.map((c) => c.responseMs ?? 0));
    const speedup = sync.totalMs / Math.max(1, cluster.totalMs);
    out.push(
      ru
        ? `Итог: с ${sync.clients.length} одновременными клиентами итеративный сервер закончил за ${s(sync.totalMs)} с, многопроцессный — за ` +
            `${s(cluster.totalMs)} с (в ${speedup.toFixed(1)} раза быстрее). Дольше всех ждал ответа клиент итеративного сервера: ${s(lastSync)} с ` +
            `против ${s(lastCluster)} с. Итеративный сервер прост, но каждый следующий клиент ждёт всех предыдущих; многопроцессный ` +
            `обслуживает клиентов параллельно, и время ответа не растёт с их числом, пока хватает процессов (spin) или всегда (sleep).`
        : `In short: with ${sync.clients.length} simultaneous clients the iterative server finished in ${s(sync.totalMs)} s, the multi-process one in ` +
            `${s(cluster.totalMs)} s (${speedup.toFixed(1)}× faster). The longest wait for a reply was ${s(lastSync)} s on the iterative server ` +
            `against ${s(lastCluster)} s. The iterative server is simple, but each client waits for all before it; the multi-process server ` +
            `serves clients in parallel, and the response time does not grow with their number while there are processes enough (spin) or at all (sleep).`,
    );
  }
  return out;
}
