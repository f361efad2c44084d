// By path, not through `@app/common` (which loads Nest): see run-analysis.ts.
import { count, pluralForm } from '../../../common/src/i18n/plural.js';
import type { Widen } from '../../../common/src/i18n/catalogue.ru.js';
import { numbers } from '../format.js';

const n = numbers('ru');
const clients = (k: number) => count('ru', k, { one: 'клиент', few: 'клиента', many: 'клиентов', other: 'клиента' });
const clientsGen = (k: number) => count('ru', k, { one: 'клиента', few: 'клиентов', many: 'клиентов', other: 'клиента' });
const requestsGen = (k: number) => count('ru', k, { one: 'запроса', few: 'запросов', many: 'запросов', other: 'запроса' });
const processes = (k: number) =>
  count('ru', k, { one: 'рабочий процесс', few: 'рабочих процесса', many: 'рабочих процессов', other: 'рабочего процесса' });
const threads = (k: number) => count('ru', k, { one: 'поток', few: 'потока', many: 'потоков', other: 'потока' });
const unitsGen = (unit: 'process' | 'thread', k: number) =>
  unit === 'process'
    ? count('ru', k, { one: 'рабочего процесса', other: 'рабочих процессов' })
    : count('ru', k, { one: 'потока', other: 'потоков' });
const cores = (k: number) => count('ru', k, { one: 'ядро', few: 'ядра', many: 'ядер', other: 'ядра' });
/** "подключился клиент 2" / "подключились клиент 2, клиент 3": the verb agrees with the list, not with a number. */
const connectedVerb = (k: number) => (k === 1 ? 'подключился' : 'подключились');
/**
 * The slowest reply of a one-at-a-time server shows the wait only when it is
 * this much slower than the fastest; else the clients waited in the queue
 * before they sent (their pause after connecting covered it).
 */
export const SHOWS_WAIT = 1.5;
/** "ждал" / "ждали": the verb agrees with the number of clients. */
const waited = (k: number) => pluralForm('ru', k, { one: 'ждал', other: 'ждали' });
const s = (ms: number) => `${n.seconds(ms)} с`;
const range = (a: number, b: number) => `${n.range(a, b)} с`;
const unitName = (unit: 'process' | 'thread') => (unit === 'process' ? 'Процесс' : 'Поток');

/**
 * Every sentence of the report, in Russian (the default). The English texts
 * must have exactly this shape: `ReportTexts` is derived from this object, so
 * a missing or extra translation fails the type check.
 */
export const reportRu = {
  title: 'Лабораторная работа 2: итеративный и параллельные серверы',
  titleWork: 'Отчёт о лабораторной работе № 2',
  remoteTitle: (target: string) => `Лабораторная работа 2: клиенты и сервер ${target}`,
  variantTitle: (k: number, server: 'cluster' | 'threads') =>
    `Лабораторная работа 2, вариант ${k}: итеративный и ${server === 'cluster' ? 'многопроцессный' : 'многопоточный'} серверы`,
  variantSubtitle: (k: number, server: 'cluster' | 'threads') =>
    `Вариант ${k} — ${server === 'cluster' ? 'многопроцессный' : 'многопоточный'} сервер`,
  variantIs: (k: number, server: 'cluster' | 'threads') =>
    `Вариант ${k} ${k % 2 === 1 ? 'нечётный' : 'чётный'}: параллельный сервер этого варианта — ${server === 'cluster' ? 'многопроцессный (server-cluster)' : 'многопоточный (server-threads)'}; он сравнивается с итеративным (server-sync).`,
  variantNone:
    'Вариант не указан. Нечётному варианту соответствует многопроцессный сервер (server-cluster), чётному — многопоточный (server-threads); вариант задаётся в config/student.ini (variant) или параметром --variant.',
  generated: (when: string) => `Отчёт mirror-lab, ${when}`,
  /** `hostname` is what `os.hostname()` gives ("vm" on a virtual machine named so): said to be a name, not a kind of machine. */
  machine: (hostname: string, cpus: number, node: string) =>
    `Компьютер: сетевое имя «${hostname}», ${cores(cpus)} процессора, Node.js ${node}`,
  identity: 'Студент и подпись',
  message: 'Сообщение клиента (ФИО и группа)',
  signature: 'Подпись сервера',
  messageFrom: (source: string) => `из ${source}`,
  exampleNote:
    'Это встроенный пример, а не данные студента: впишите свои ФИО, группу и вариант в config/student.ini ([student] name, group, variant) и запустите npm start снова. Свои client.message в config/client.ini и reply.signature в config/server-*.ini, если они там заданы, важнее.',
  exampleItem: '(пример)',
  settings: 'Настройки опыта',
  connection: 'Настройки подключения',
  connectionNote:
    'Сервер слушал адрес и порт ниже; клиенты брали их из своих INI-файлов (секция [server]). Для работы в сети кафедры: на сервере host = 0.0.0.0, у клиентов host = IP-адрес сервера, порт открыт в брандмауэре (firewall-cmd).',
  listen: 'сервер слушал',
  clientsConnect: 'клиенты подключались к',
  clients: 'клиентов',
  delay: 'задержка (моделирование работы)',
  mode: 'режим работы',
  stagger: 'интервал запуска клиентов',
  workers: 'процессов server-cluster',
  threadsCount: 'потоков server-threads',
  sendAfter: 'клиент ждёт перед отправкой',
  linger: 'клиент остаётся после ответа',
  target: 'сервер',
  clientLanguage: 'язык клиента',
  serverLanguage: 'язык серверов',
  cpus: 'ядер процессора',
  ms: (k: number) => `${n.whole(k)} мс`,
  seconds: 'с',
  remoteNote: (target: string) =>
    `Клиенты работали с сервером на другой машине (${target}). Его лог и настройки здесь недоступны, поэтому в отчёте только то, что видели и измерили клиенты.`,
  timeline: 'Временная диаграмма',
  timelineCaption: (server: string) => `Временная диаграмма: ${server}`,
  table: 'Клиенты',
  total: (ms: number) => `Всего: ${s(ms)}`,
  columns: [
    'Клиент',
    'Подключился, с',
    'Ждал, с',
    'Отправил, с',
    'Получил ответ, с',
    'Время ответа, с',
    'Отключился, с',
    'Процесс/поток',
  ],
  waitNote:
    '«Ждал» — время до начала работы сервера над запросом: в очереди соединений (CLIENT_QUEUED) и в ожидании свободного потока или процесса (REQUEST_QUEUED, занятый процесс).',
  sourcesNote:
    'Подключение, отправка, ответ и отключение в таблице и на диаграмме — по логу клиента (CONNECTED, SENT, RECEIVED, DISCONNECTED); ожидание и работа сервера — по логу сервера (CLIENT_QUEUED → CLIENT_CONNECTED, MESSAGE_RECEIVED или WORK_START → MESSAGE_SENT или WORK_DONE). Сервер записывает то же подключение в свой момент (CLIENT_CONNECTED): на одной машине это расходится с клиентом на миллисекунды в любую сторону, у занятого сервера — больше.',
  phases: {
    queue: 'ожидание (очередь, занятый исполнитель)',
    connected: 'подключён, ждёт',
    work: 'работа сервера',
    reply: 'ответ получен, клиент ещё подключён',
    waiting: 'ждёт ответа',
  },
  mermaidAxis: 'ось — время суток, как в логах',
  failed: 'ошибка',
  marks: { sent: 'клиент отправил', received: 'клиент получил ответ' },
  axis: 'время от подключения первого клиента, с',
  client: 'Клиент',
  condition: {
    heading: 'Условие задания',
    firstNotOne: (k: number) =>
      `Первым подключился клиент ${k}, а не 1: клиенты запускаются по очереди, но на загруженной машине позже запущенный может подключиться раньше.`,
    met: (k: number, firstReplyMs: number, list: string, count1: number) =>
      `Клиент ${k} получил ответ на ${s(firstReplyMs)}; до этого ${connectedVerb(count1)} ${list}. Условие задания выполнено: ${count1 === 1 ? 'второй клиент подключился' : 'следующие клиенты подключались'}, пока первый ещё ждал ответа.`,
    partly: (k: number, firstReplyMs: number, before: string, after: string, count1: number) =>
      `Клиент ${k} получил ответ на ${s(firstReplyMs)}; до этого ${connectedVerb(count1)} ${before}, а ${after} — уже после. Условие задания выполнено не для всех клиентов.`,
    notMet: (k: number, firstReplyMs: number, list: string, count1: number) =>
      `Клиент ${k} получил ответ на ${s(firstReplyMs)}, раньше, чем ${count1 === 1 ? 'подключился другой' : 'подключились остальные'} (${list}): условие задания в этом прогоне не выполнено. Уменьшите --stagger или увеличьте --delay.`,
    noReply: (k: number, list: string, count1: number) =>
      `Клиент ${k} ответа не получил; ${count1 === 1 ? 'другой подключился' : 'остальные подключились'} ${list}, пока он его ждал.`,
    single: 'В прогоне один клиент: проверить, подключались ли другие, пока первый ждал ответа, нельзя.',
    item: (k: number, ms: number) => `клиент ${k} — на ${s(ms)}`,
  },
  sessionEnd: {
    quoted: (k: number) =>
      k === 1
        ? 'Сессию, которую завершил сам сервер (по тайм-ауту), показывает строка его лога:'
        : `Сервер сам завершил ${count('ru', k, { one: 'сессию', few: 'сессии', many: 'сессий', other: 'сессии' })} (по тайм-ауту); первая из них в его логе:`,
    none: 'В этом прогоне сервер не завершил ни одной сессии сам: в его логе нет строк CLIENT_DISCONNECTED с reason=session-timeout или reason=idle-timeout.',
  },
  threadsShutdown: (k: number) =>
    `Строки THREAD_EXIT … reason=server-shutdown в конце лога (${threads(k)}) — это потоки пула, остановленные при штатной остановке сервера, а не ошибка.`,
  threadsFailed: (k: number) =>
    `${k === 1 ? 'Поток пула завершился' : 'Потоки пула завершились'} во время работы (${count('ru', k, { one: 'строка', few: 'строки', many: 'строк', other: 'строки' })} THREAD_EXIT без reason=server-shutdown): ` +
    (k === 1
      ? 'сервер заменил его новым, запрос этого потока получил ошибку.'
      : 'сервер заменил каждый новым, запрос такого потока получил ошибку.'),
  clock: {
    note: (details: string) =>
      `Часы машины сдвинулись во время этого прогона (${details}). Времена в нём нельзя сравнивать, и выводов по нему отчёт не делает; запустите опыт снова.`,
    backwards: (file: string, from: string, to: string) => `в ${file} время идёт назад: ${from} → ${to}`,
    replyBeforeWork: (k: number) => `клиент ${k} получил ответ быстрее, чем сервер работал над его запросом`,
    workTime: (k: number, loggedMs: number, measuredMs: number) =>
      `работа над запросом клиента ${k}: по счётчику сервера ${s(loggedMs)}, по часам лога ${s(measuredMs)}`,
    workTooLong: (k: number, delayMs: number, measuredMs: number) =>
      `работа над запросом клиента ${k} длилась по часам лога ${s(measuredMs)} при задержке ${s(delayMs)}`,
    overCapacity: (inFlight: number, capacity: number) =>
      `по логу одновременно в работе ${requestsGen(inFlight)}, а сервер может выполнять не больше ${capacity}`,
    finding: (server: string) =>
      `${server}: часы машины сдвинулись во время прогона, поэтому выводов о нём нет (подробности — в его разделе).`,
  },
  unreadable: (k: number) =>
    `${count('ru', k, { one: 'строка', few: 'строки', many: 'строк', other: 'строки' })} логов этого прогона не в формате лога; они показаны в логах, но в расчётах не участвуют.`,
  comparison: 'Сравнение и выводы',
  settingsFiles: 'Файлы настроек (INI)',
  sameConfigs: (names: string, base: string) => `${names}: то же, что ${base}, кроме строк:`,
  testLog: 'Тестовый лог-файл клиента',
  testLogNote: (file: string) =>
    `Лог одного клиента (${file}) — тот, что задание просит привести в отчёте. Логи всех клиентов и серверов — в разделе «Лог-файлы».`,
  logs: 'Лог-файлы',
  appendix: 'Приложение: код клиента',
  appendixNote: (language: string, files: number) =>
    `Клиент, который работал в этом опыте, написан на ${language === 'Python' ? 'Python' : 'TypeScript'}; ниже его код (${count('ru', files, { one: 'файл', few: 'файла', many: 'файлов', other: 'файла' })}).`,
  sourceMissing: (path: string) => `Файл ${path} не найден рядом с программой: код клиента не приложен.`,
  serverName: {
    'server-sync': 'Итеративный сервер (server-sync)',
    'server-cluster': 'Многопроцессный сервер (server-cluster)',
    'server-threads': 'Многопоточный сервер (server-threads)',
    remote: 'Удалённый сервер',
  },
  language: { TypeScript: 'TypeScript (Node.js)', Python: 'Python 3' },
  findings: {
    noReplies: (server: string, k: number) =>
      `${server}: ни один из ${clientsGen(k)} не получил ответа, поэтому измерить этот сервер не удалось и сравнивать его не с чем. Причины — в логах клиентов ниже (ERROR).`,
    failures: (server: string, failed: number, k: number, details: string) =>
      `${server}: ${failed} из ${clientsGen(k)} не получили ответа (${details}); их времена в сравнение не входят.`,
    failureDetail: (k: number, error: string | undefined) => `клиент ${k}: ${error ?? 'нет ответа'}`,
    serial: (server: string, fastestMs: number, slowestMs: number, waitedCount: number) =>
      `${server} обслуживал клиентов по одному: одновременно в работе был один запрос, и ${clients(waitedCount)} ${waited(waitedCount)}, пока сервер закончит с ${waitedCount === 1 ? 'предыдущим' : 'предыдущими'}. ` +
      (slowestMs >= SHOWS_WAIT * fastestMs
        ? `Самый быстрый ответ пришёл через ${s(fastestMs)} (это сама работа сервера), самый долгий — через ${s(slowestMs)}: каждый следующий клиент ждёт всех предыдущих.`
        : `Ответы пришли через ${range(fastestMs, slowestMs)} после отправки, у всех почти одинаково: клиенты ждали в очереди ещё до того, как отправили запрос (столбец «Ждал»), а не после.`),
    serialFromClients: (server: string, fastestMs: number, slowestMs: number, waitedCount: number, overlapped: number) =>
      `${server} обслуживал клиентов по одному: из ${clientsGen(overlapped)}, отправивших запрос, пока предыдущий ещё ждал ответа, ` +
      `${waitedCount} ${waited(waitedCount)}, пока сервер закончит с предыдущими. Самый быстрый ответ пришёл через ${s(fastestMs)}, самый долгий — через ${s(slowestMs)}.`,
    queue: (server: string, queued: number, maxWaitMs: number) =>
      `В логе ${server} ${clients(queued)} ${pluralForm('ru', queued, { one: 'записан', other: 'записаны' })} как CLIENT_QUEUED: соединение принято, но не читается, пока обслуживается предыдущий; дольше всего клиент простоял в очереди ${s(maxWaitMs)}.`,
    threadQueue: (server: string, queued: number, maxWaitMs: number) =>
      `В логе ${server} ${pluralForm('ru', queued, { one: 'запрос', other: 'запросы' })} ${clientsGen(queued)} ${pluralForm('ru', queued, { one: 'записан', other: 'записаны' })} как REQUEST_QUEUED: все потоки были заняты; дольше всего запрос ждал потока ${s(maxWaitMs)}.`,
    concurrent: (server: string, minMs: number, maxMs: number, inFlight: number) =>
      `${server} обслуживал клиентов одновременно: ответы пришли через ${range(minMs, maxMs)} после отправки, почти независимо от номера клиента; одновременно в работе было до ${requestsGen(inFlight)}.`,
    partial: (server: string, minMs: number, maxMs: number, inFlight: number, waitedCount: number) =>
      `${server} обслуживал клиентов лишь частично одновременно: одновременно в работе было не больше ${requestsGen(inFlight)}, и ${clients(waitedCount)} ${waited(waitedCount)} свободного исполнителя; ответы пришли через ${range(minMs, maxMs)}.`,
    noOverlap: (server: string) =>
      `${server}: клиенты не пересекались во времени (каждый отправлял запрос уже после ответа предыдущему), поэтому по этому опыту нельзя сказать, обслуживает ли сервер клиентов одновременно. Уменьшите --stagger или увеличьте --delay.`,
    load: (unit: 'process' | 'thread', counts: Array<[string, number]>, units: number) =>
      `Распределение клиентов: ${counts.map(([who, k]) => `${unitName(unit).toLowerCase()} ${who} — ${clients(k)}`).join(', ')}; ` +
      `${pluralForm('ru', counts.length, { one: 'занят', other: 'заняты' })} ${counts.length} из ${unitsGen(unit, units)}.`,
    uneven: (unit: 'process' | 'thread', maxCount: number, ideal: number, waitedCount: number) =>
      `Нагрузка распределилась неравномерно: ${unit === 'process' ? 'одному процессу' : 'одному потоку'} досталось ${clients(maxCount)}, а при равном распределении было бы не больше ${ideal}. ` +
      (unit === 'process'
        ? 'Соединения раздаёт операционная система (или главный процесс), не глядя на загрузку процессов.'
        : 'Поток берёт следующий запрос, как только освободится.') +
      (waitedCount === 0
        ? ' Ни один клиент при этом не ждал (в столбце «Ждал» нули), так что на времени ответа перекос не сказался.'
        : ''),
    spinOversubscribed: (unit: 'process' | 'thread', units: number, cpuCount: number) =>
      `В режиме spin ${unit === 'process' ? processes(units) : threads(units)} делят ${cores(cpuCount)} процессора: одновременно по-настоящему считают не больше ${cpuCount}, остальные ждут ядра, и каждый такой запрос длится дольше заданной задержки.`,
    modeSleepProcess: (k: number) =>
      `Режим sleep не занимает процессор (как ожидание диска или базы данных): каждый из ${count('ru', k, { one: 'рабочего процесса', few: 'рабочих процессов', many: 'рабочих процессов', other: 'рабочего процесса' })} обслуживает много клиентов сразу, пока их запросы «ждут». В режиме spin запрос занимает процесс целиком, и одновременно обрабатывается не больше ${requestsGen(k)} — по одному на процесс.`,
    modeSpinProcess: (k: number) =>
      `Режим spin занимает процессор (как вычисление): процесс, считающий запрос, не может делать ничего другого, поэтому одновременно обрабатывается не больше ${requestsGen(k)} — по одному на рабочий процесс. В режиме sleep каждый процесс обслуживал бы много клиентов сразу.`,
    modeThreads: (k: number, mode: string) =>
      `В многопоточном сервере работа каждого запроса занимает свой поток из пула (${threads(k)}) в любом режиме (сейчас ${mode}): одновременно обрабатывается не больше ${requestsGen(k)}, остальные ждут свободного потока. Главный поток только принимает соединения и пишет лог.`,
    compareFaster: (server: string, base: string, baseMs: number, otherMs: number, ratio: number) =>
      `${server} ответил последнему клиенту через ${s(otherMs)} от первого подключения, ${base} — через ${s(baseMs)}: в ${n.ratio(ratio)} раза быстрее.`,
    compareSlower: (server: string, base: string, baseMs: number, otherMs: number, ratio: number) =>
      `${server} в этом опыте оказался медленнее итеративного: последний ответ через ${s(otherMs)} против ${s(baseMs)} у ${base} (в ${n.ratio(ratio)} раза дольше). Параллельный сервер не ускоряет работу, если исполнителей меньше, чем одновременных запросов, или они делят мало ядер (spin), а запуск процессов и потоков сам требует времени.`,
    compareSame: (server: string, base: string, baseMs: number, otherMs: number) =>
      `${server} и ${base} закончили почти одинаково: последний ответ через ${s(otherMs)} и ${s(baseMs)}. Разница меньше 15%, выигрыша от параллельности в этом опыте нет.`,
    compareNoOverlap: (server: string, base: string, baseMs: number, otherMs: number) =>
      `${server} ответил последнему клиенту через ${s(otherMs)} от первого подключения, ${base} — через ${s(baseMs)}. Но клиенты ${server} в этом опыте не пересекались во времени, поэтому разница — от того, когда подключались клиенты, а не от параллельности. Чтобы сравнить, уменьшите --stagger или увеличьте --delay.`,
    compareImpossible: (server: string, base: string) =>
      `Сравнить ${server} с ${base} нельзя: не все клиенты одного из них получили ответ, или часы сдвинулись во время прогона.`,
    remoteSerial: (target: string) =>
      `По измерениям клиентов сервер ${target} обслуживает клиентов по одному (итеративный сервер): клиенты, подключившиеся во время чужого запроса, ждали его окончания.`,
    remoteConcurrent: (target: string) =>
      `По измерениям клиентов сервер ${target} обслуживает клиентов одновременно (параллельный сервер): время ответа не росло с номером клиента.`,
    remotePartial: (target: string, inFlight: number) =>
      `По измерениям клиентов сервер ${target} обслуживает одновременно не больше ${requestsGen(inFlight)}: остальные ждали.`,
    languages: (clientLanguage: string) =>
      clientLanguage === 'Python'
        ? 'Клиент в этом опыте написан на Python, серверы — на TypeScript (NestJS): клиент и сервер на разных языках, как требует задание.'
        : 'Клиент и серверы в этом опыте написаны на TypeScript. Задание требует, чтобы клиент и сервер были на разных языках: запустите опыт с клиентом на Python (--client python).',
    remoteLanguage: (clientLanguage: string) =>
      `Клиент в этом опыте написан на ${clientLanguage}. На каком языке написан удалённый сервер, отчёт не знает: укажите это сами.`,
  },
};

/**
 * Every sentence of the report; derived from the Russian texts, so a missing
 * English one fails `tsc`. Here, beside them, so the English texts take their
 * type from this file and nothing imports back (report-texts.ts imports both).
 */
export type ReportTexts = Widen<typeof reportRu>;
