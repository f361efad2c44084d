/**
 * Everything the class session says to a person: Russian (the default) and
 * English. `ClassTexts` is derived from the Russian catalogue and the English
 * one must have its exact shape, so a missing translation fails the type check.
 */
import { count, type Lang } from '@app/common';
import type { UploadRefusal } from './upload-store.js';

const ruClients = (n: number) => count('ru', n, { one: 'клиент', few: 'клиента', many: 'клиентов', other: 'клиента' });
const ruConnections = (n: number) =>
  count('ru', n, { one: 'подключение', few: 'подключения', many: 'подключений', other: 'подключения' });
/** "подключился ещё 1 клиент", "подключились ещё 2 клиента": the verb agrees with the number. */
const ruConnected = (n: number) => (new Intl.PluralRules('ru').select(n) === 'one' ? 'подключился' : 'подключились');
const enConnections = (n: number) => count('en', n, { one: 'connection', other: 'connections' });
const ruSeconds = (ms: number) => `${(ms / 1000).toFixed(2).replace('.', ',')} с`;
const enSeconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export const ru = {
  options: {
    usage: `использование: npm run class -- [параметры]
  Занятие по заданию 4: серверы раундов по очереди на одном порту и табло для всей группы.
  --rounds LIST      раунды: sync,cluster,threads (по умолчанию server-sync, затем сервер
                     вашего варианта из config/student.ini; без варианта — все три)
  --port N           порт серверов раундов (по умолчанию 12345; 0 — любой свободный)
  --board-port N     порт табло, HTTP (по умолчанию 8080; 0 — любой свободный)
  --host ADDR        адрес, на котором слушают сервер и табло (по умолчанию 0.0.0.0)
  --delay MS         моделирование работы сервера на запрос, мс (по умолчанию 2000)
  --out DIR          где создать папку занятия class-<время> (по умолчанию reports)
  --student FILE     файл студента с вариантом (по умолчанию config/student.ini)
  --lang ru|en       язык (по умолчанию ru)
  --help, --version
Следующий раунд — Enter в этой консоли или кнопка на табло; Ctrl-C — закончить занятие
(сервер останавливается корректно, итоговый отчёт записывается). Подробно: docs/class.md`,
    badOption: (what: string) => `неверный параметр: ${what} (см. npm run class -- --help)`,
    wholeNumber: (flag: string, raw: string, min: number, max: number) =>
      `--${flag} ${raw}: нужно целое число от ${min} до ${max}`,
    oneOf: (flag: string, raw: string, allowed: readonly string[]) => `--${flag} ${raw}: допустимо ${allowed.join(', ')}`,
    rounds: (raw: string, allowed: readonly string[]) => `--rounds ${raw}: перечислите через запятую из ${allowed.join(', ')}`,
    host: (raw: string) => `--host ${raw}: нужен IP-адрес или имя машины`,
  },
  console: {
    iniComment: (round: number, app: string) => `; создан занятием (npm run class): раунд ${round}, ${app}`,
    title: 'Занятие: задание 4 — пять студентов, пять машин, один сервер',
    folder: (dir: string) => `Папка занятия: ${dir}`,
    code: (code: string) => `Код занятия (скажите его группе): ${code}`,
    ownerKey: (key: string) =>
      `Ключ ведущего (управление с другой машины: добавьте ?key=${key} к адресу табло; никому не показывайте): ${key}`,
    board: 'Табло — откройте в браузере (на телефоне тоже):',
    noAddress: 'у машины нет сетевого адреса, кроме локального: студенты не смогут подключиться',
    firewall: 'Если на этой машине firewalld, откройте оба порта:',
    students: 'Каждый студент запускает на своей машине (TypeScript или Python):',
    roundStarted: (i: number, n: number, app: string, port: number) => `Раунд ${i} из ${n}: ${app} слушает порт ${port}.`,
    roundFailed: (i: number, app: string, why: string) => `Раунд ${i}: ${app} не запустился: ${why}`,
    roundStopped: (i: number, app: string) => `Раунд ${i}: ${app} остановлен.`,
    nextHint: 'Enter — следующий раунд; Ctrl-C — закончить занятие.',
    allDone: 'Все раунды пройдены. Логи ещё можно загрузить на табло; Ctrl-C — закончить занятие и записать отчёт.',
    ending: 'Занятие заканчивается: сервер останавливается, отчёт пишется…',
    reportWritten: (dir: string) => `Отчёт записан: ${dir} (report.md, report.html, report.docx)`,
    reportFailed: (why: string) => `Отчёт не записан: ${why}`,
    boardFailed: (why: string) =>
      `табло не запустилось (${why}); раунды идут, переход — Enter, логи студенты пришлют позже или вручную`,
    variantUsed: (variant: number, app: string, file: string) => `Вариант ${variant} (${file}): второй раунд — ${app}.`,
    noVariant: 'Вариант не задан (config/student.ini, [student] variant): раунды — все три сервера.',
  },
  board: {
    title: 'Табло занятия — задание 4',
    round: 'Раунд',
    of: 'из',
    noRound: 'Раунд ещё не начался',
    afterRounds: 'Все раунды пройдены — загрузите логи и скачайте отчёт',
    ended: 'Занятие закончено',
    status: {
      waiting: 'ждёт',
      starting: 'запускается',
      running: 'идёт',
      stopping: 'останавливается',
      done: 'закончен',
      failed: 'не запустился',
    },
    head: ['Адрес клиента', 'Студент', 'Состояние', 'Время'],
    state: { queued: 'в очереди', served: 'обслуживается', answered: 'ответ получен', disconnected: 'отключён' },
    why: 'причина',
    noClients: 'Пока ни один клиент не подключился. Запустите клиенты (команда ниже).',
    warnNoOverlap:
      'Условие задания ещё не выполнено: ни один клиент не подключился, пока другой ждал ответа. Запустите клиенты почти одновременно (в пределах задержки сервера).',
    conditionMet: 'Условие задания выполнено: клиенты подключились, пока первый ждал ответа.',
    metShort: 'условие выполнено',
    notMetShort: 'условие пока не выполнено',
    uploads: 'Присланные логи',
    noUploads: 'Пока ни одного.',
    kit: 'лог клиента из комплекта',
    other: 'другой файл (приложен как есть)',
    uploadTitle: 'Прислать лог своего клиента',
    codeLabel: 'Код занятия',
    fileLabel: 'Файл лога',
    send: 'Отправить',
    sending: 'Отправляется…',
    networkError: 'Табло не ответило: проверьте сеть и попробуйте ещё раз.',
    report: 'Общий отчёт',
    reportFor: 'Титульный лист на имя',
    nobody: '(без имени)',
    controls: 'Управление (только ведущий)',
    next: 'Следующий раунд',
    end: 'Закончить занятие',
    code: 'Код занятия',
    command: 'Команда для студентов',
    live: 'обновляется',
    offline: 'нет связи с табло',
  },
  refusals: {
    'bad-code': 'Неверный код занятия: возьмите код с табло ведущего или с его консоли и укажите его (--code КОД).',
    'too-large': 'Файл больше 1 МиБ: пришлите лог только этого занятия (удалите старые строки или начните новый лог).',
    'too-many-files': 'На занятие уже прислано 100 файлов — больше табло не принимает. Обратитесь к ведущему.',
    'not-utf8': 'Файл не в UTF-8: сохраните его в UTF-8 (Блокнот: Файл → Сохранить как → Кодировка: UTF-8) и пришлите снова.',
    'not-text': 'Это не текстовый файл: пришлите лог клиента (текст, одна запись в строке).',
    empty: 'Файл пустой: пришлите лог клиента после его запуска.',
    'not-saved': 'Табло не смогло сохранить файл (диск машины табло): скажите ведущему и пришлите файл ещё раз.',
  } satisfies Record<UploadRefusal, string>,
  forbidden: 'Управлять занятием можно только с машины табло или с ключом ведущего.',
  notFound: 'Нет такой страницы.',
  uploaded: (file: string, kind: 'kit' | 'other', connections: number) =>
    kind === 'kit'
      ? `Лог принят (${file}): ${ruConnections(connections)}, он войдёт в общий отчёт.`
      : `Файл принят (${file}) и приложен к отчёту как есть: это не лог клиента из комплекта.`,
  report: {
    title: 'Задание 4: занятие группы — общий отчёт',
    intro:
      'Клиенты студентов на разных машинах подключались к одному серверу; раунды шли по очереди на одном порту. Все времена — по часам сервера: события клиентов перенесены на них по оценке сдвига часов каждой машины.',
    work: 'Отчёт о лабораторной работе № 2',
    subtitle: 'Задание 4: клиенты на пяти машинах, один сервер',
    by: 'Выполнил',
    group: 'группа',
    settings: 'Настройки соединения',
    made: 'Отчёт составлен',
    sessionFolder: 'Папка занятия',
    port: 'Порт сервера',
    rounds: 'Раунды',
    delay: 'Моделирование работы на запрос',
    uploads: 'Присланных логов',
    participants: 'Участники',
    clientServer: (file: string) => `[server] клиента ${file}`,
    conditionTitle: 'Условие задания по раундам',
    conditionExplained:
      'Условие: 2-й, 3-й… клиент подключается, пока 1-й ещё не получил ответа. Проверяется по логу сервера (одни часы).',
    conditionMet: (i: number, app: string, first: string, others: string[]) =>
      `Раунд ${i} (${app}): выполнено — пока ${first} ждал ответа, ${ruConnected(others.length)} ещё ${ruClients(others.length)}: ${others.join(', ')}.`,
    conditionNotMet: (i: number, app: string, n: number) =>
      n === 0
        ? `Раунд ${i} (${app}): не выполнено — ни один клиент не подключился.`
        : n === 1
          ? `Раунд ${i} (${app}): не выполнено — было только одно подключение, а условию нужны хотя бы два.`
          : `Раунд ${i} (${app}): не выполнено — ${ruConnections(n)}, но ни одно не пришло, пока другой клиент ждал ответа.`,
    differences: 'Различия между раундами (измерено)',
    differencesHead: ['Раунд', 'Сервер', 'Подключений', 'С ответом', 'Среднее до ответа', 'Наибольшее до ответа', 'Всего'],
    differenceSentence: (a: string, ams: number, b: string, bms: number) =>
      `От подключения до ответа в среднем: ${a} — ${ruSeconds(ams)}, ${b} — ${ruSeconds(bms)}` +
      (bms > 0 ? ` (в ${(ams / bms).toFixed(1).replace('.', ',')} раза ${ams >= bms ? 'дольше' : 'быстрее'} у ${a}).` : '.') +
      ' Итеративный сервер держит остальных в очереди, пока обслуживает одного; параллельный отвечает всем сразу.',
    notEnoughRounds: 'Сравнивать пока нечего: нужен хотя бы ещё один раунд с ответами.',
    clocks: 'Часы машин',
    clocksExplained:
      'Сдвиг часов машины клиента относительно сервера θ = ((t2 − t1) + (t3 − t4)) / 2, погрешность ±((t4 − t1) − (t3 − t2)) / 2, где t1 — клиент отправил, t2 — сервер принял, t3 — сервер ответил, t4 — клиент получил; из всех запросов взят самый точный.',
    clocksHead: ['Лог', 'Машина', 'Сопоставлено подключений', 'Сдвиг', 'Погрешность'],
    signedSeconds: (ms: number) => (Math.round(ms / 10) === 0 ? '' : ms > 0 ? '+' : '−') + ruSeconds(Math.abs(ms)),
    seconds: ruSeconds,
    clockWarning: (machine: string, ms: number) =>
      `Часы машины ${machine} расходятся с сервером на ${ruSeconds(Math.abs(ms))} (больше секунды). Синхронизируйте часы: Linux — sudo timedatectl set-ntp true (или chrony: sudo chronyc makestep), Windows — w32tm /resync.`,
    unmatched: (file: string) =>
      `${file}: ни одно подключение не найдено в логах сервера (другой адрес или порт — например, клиент за NAT, или лог другого занятия); события не перенесены на часы сервера.`,
    roundTitle: (i: number, app: string) => `Раунд ${i}: ${app}`,
    roundFailed: (why: string) => `Сервер не запустился: ${why}`,
    connectionsHead: ['Адрес клиента', 'Сообщение', 'Подключился', 'Ждал в очереди', 'До ответа', 'Отключение', 'Лог клиента'],
    timelineCaption: (i: number, app: string) => `Раунд ${i} (${app}) по часам сервера: подключения всех машин`,
    clientLogs: 'Логи клиентов',
    noUploads: 'Логи клиентов не присланы.',
    listingCut: (file: string, bytes: number) =>
      `Показано только начало: файл большой (${bytes} байт); целиком он лежит в папке занятия, ${file}.`,
    uploadLine: (file: string, shown: string, client: string, kind: 'kit' | 'other', from: string) =>
      `uploads/${file}: прислан как «${shown}», клиент ${client}, с адреса ${from}; ${kind === 'kit' ? 'лог клиента из комплекта' : 'приложен как есть'}.`,
  },
  timeline: {
    queued: 'в очереди',
    served: 'обслуживается',
    work: 'работа над запросом',
    clientSent: 'клиент отправил',
    clientReceived: 'клиент получил',
    seconds: 'с',
  },
};

export type ClassTexts = typeof ru;

export const en: ClassTexts = {
  options: {
    usage: `usage: npm run class -- [options]
  A class session for task 4: the rounds' servers one after another on one port, and a board for the class.
  --rounds LIST      rounds: sync,cluster,threads (default: server-sync, then your variant's server
                     from config/student.ini; without a variant, all three)
  --port N           the rounds' server port (default 12345; 0: any free port)
  --board-port N     the board's HTTP port (default 8080; 0: any free port)
  --host ADDR        address the server and the board listen on (default 0.0.0.0)
  --delay MS         simulated work per request, ms (default 2000)
  --out DIR          where the session folder class-<time> is made (default reports)
  --student FILE     the student file with the variant (default config/student.ini)
  --lang ru|en       language (default ru)
  --help, --version
Next round: Enter in this console or the button on the board; Ctrl-C ends the session
(the server stops gracefully, the final report is written). More: docs/class.md`,
    badOption: (what: string) => `bad option: ${what} (see npm run class -- --help)`,
    wholeNumber: (flag: string, raw: string, min: number, max: number) =>
      `--${flag} ${raw}: a whole number from ${min} to ${max} is needed`,
    oneOf: (flag: string, raw: string, allowed: readonly string[]) => `--${flag} ${raw}: allowed are ${allowed.join(', ')}`,
    rounds: (raw: string, allowed: readonly string[]) =>
      `--rounds ${raw}: list them, comma-separated, from ${allowed.join(', ')}`,
    host: (raw: string) => `--host ${raw}: an IP address or host name is needed`,
  },
  console: {
    iniComment: (round: number, app: string) => `; written by the class session (npm run class): round ${round}, ${app}`,
    title: 'Class session: task 4 — five students, five machines, one server',
    folder: (dir: string) => `Session folder: ${dir}`,
    code: (code: string) => `Session code (tell it to the class): ${code}`,
    ownerKey: (key: string) =>
      `Owner's key (to control the session from another machine add ?key=${key} to the board's address; show it to nobody): ${key}`,
    board: 'The board — open it in a browser (a phone works too):',
    noAddress: 'this machine has no network address but loopback: students cannot connect',
    firewall: 'If this machine runs firewalld, open both ports:',
    students: 'Each student runs on their machine (TypeScript or Python):',
    roundStarted: (i: number, n: number, app: string, port: number) => `Round ${i} of ${n}: ${app} listens on port ${port}.`,
    roundFailed: (i: number, app: string, why: string) => `Round ${i}: ${app} did not start: ${why}`,
    roundStopped: (i: number, app: string) => `Round ${i}: ${app} stopped.`,
    nextHint: 'Enter: next round; Ctrl-C: end the session.',
    allDone: 'All rounds done. Logs can still be uploaded to the board; Ctrl-C ends the session and writes the report.',
    ending: 'Ending the session: stopping the server, writing the report…',
    reportWritten: (dir: string) => `Report written: ${dir} (report.md, report.html, report.docx)`,
    reportFailed: (why: string) => `Report not written: ${why}`,
    boardFailed: (why: string) =>
      `the board did not start (${why}); the rounds go on, Enter moves to the next, students can send their logs later or by hand`,
    variantUsed: (variant: number, app: string, file: string) => `Variant ${variant} (${file}): the second round is ${app}.`,
    noVariant: 'No variant set (config/student.ini, [student] variant): the rounds are all three servers.',
  },
  board: {
    title: 'Class board — task 4',
    round: 'Round',
    of: 'of',
    noRound: 'No round has started yet',
    afterRounds: 'All rounds done — upload your logs and download the report',
    ended: 'The session has ended',
    status: {
      waiting: 'waiting',
      starting: 'starting',
      running: 'running',
      stopping: 'stopping',
      done: 'done',
      failed: 'did not start',
    },
    head: ['Client address', 'Student', 'State', 'Time'],
    state: { queued: 'queued', served: 'being served', answered: 'answered', disconnected: 'disconnected' },
    why: 'reason',
    noClients: 'No client has connected yet. Start the clients (command below).',
    warnNoOverlap:
      "The assignment's condition is not met yet: no client has connected while another was waiting for its reply. Start the clients nearly at once (within the server's delay).",
    conditionMet: "The assignment's condition is met: clients connected while the first was waiting for its reply.",
    metShort: 'condition met',
    notMetShort: 'condition not met yet',
    uploads: 'Uploaded logs',
    noUploads: 'None yet.',
    kit: 'a kit client log',
    other: 'another file (attached as it is)',
    uploadTitle: "Send your client's log",
    codeLabel: 'Session code',
    fileLabel: 'Log file',
    send: 'Send',
    sending: 'Sending…',
    networkError: 'The board did not answer: check the network and try again.',
    report: 'Joint report',
    reportFor: 'Title page in the name of',
    nobody: '(no name)',
    controls: 'Controls (the owner only)',
    next: 'Next round',
    end: 'End the session',
    code: 'Session code',
    command: 'Command for the students',
    live: 'live',
    offline: 'the board does not answer',
  },
  refusals: {
    'bad-code': "Wrong session code: take the code from the owner's board or console and give it (--code CODE).",
    'too-large': "The file is over 1 MiB: send only this session's log (remove old lines or start a new log).",
    'too-many-files': 'This session already has 100 files; the board takes no more. Ask the session owner.',
    'not-utf8': 'The file is not UTF-8: save it as UTF-8 (Notepad: File → Save as → Encoding: UTF-8) and send it again.',
    'not-text': "This is not a text file: send the client's log (text, one event a line).",
    empty: 'The file is empty: send the client log after running the client.',
    'not-saved': "The board could not save the file (the board machine's disk): tell the session owner and send it again.",
  },
  forbidden: "The session is controlled only from the board's machine or with the owner's key.",
  notFound: 'No such page.',
  uploaded: (file: string, kind: 'kit' | 'other', connections: number) =>
    kind === 'kit'
      ? `Log taken (${file}): ${enConnections(connections)}; it goes into the joint report.`
      : `File taken (${file}) and attached to the report as it is: it is not a kit client log.`,
  report: {
    title: 'Task 4: the class session — joint report',
    intro:
      "Students' clients on different machines connected to one server; the rounds ran one after another on one port. All times are on the server's clock: the clients' events are moved onto it by each machine's estimated clock offset.",
    work: 'Lab report No. 2',
    subtitle: 'Task 4: clients on five machines, one server',
    by: 'By',
    group: 'group',
    settings: 'Connection settings',
    made: 'Report made',
    sessionFolder: 'Session folder',
    port: 'Server port',
    rounds: 'Rounds',
    delay: 'Simulated work per request',
    uploads: 'Logs uploaded',
    participants: 'Participants',
    clientServer: (file: string) => `[server] of the client of ${file}`,
    conditionTitle: "The assignment's condition per round",
    conditionExplained:
      "The condition: the 2nd, 3rd… client connects while the 1st has no reply yet. Checked on the server's log (one clock).",
    conditionMet: (i: number, app: string, first: string, others: string[]) =>
      `Round ${i} (${app}): met — while ${first} waited for its reply, ${others.length} more connected: ${others.join(', ')}.`,
    conditionNotMet: (i: number, app: string, n: number) =>
      n === 0
        ? `Round ${i} (${app}): not met — no client connected.`
        : n === 1
          ? `Round ${i} (${app}): not met — there was only one connection, and the condition needs at least two.`
          : `Round ${i} (${app}): not met — ${enConnections(n)}, none while another client waited for its reply.`,
    differences: 'Differences between the rounds (measured)',
    differencesHead: ['Round', 'Server', 'Connections', 'Answered', 'Mean to reply', 'Longest to reply', 'Total'],
    differenceSentence: (a: string, ams: number, b: string, bms: number) =>
      `From connecting to the reply on average: ${a} ${enSeconds(ams)}, ${b} ${enSeconds(bms)}` +
      (bms > 0 ? ` (${(ams / bms).toFixed(1)} times ${ams >= bms ? 'longer' : 'shorter'} on ${a}).` : '.') +
      ' The iterative server keeps the others queued while it serves one; a concurrent one answers them all at once.',
    notEnoughRounds: 'Nothing to compare yet: at least one more round with replies is needed.',
    clocks: "The machines' clocks",
    clocksExplained:
      "A client machine's clock offset from the server's θ = ((t2 − t1) + (t3 − t4)) / 2, error bound ±((t4 − t1) − (t3 − t2)) / 2, where t1 is the client's send, t2 the server's receive, t3 the server's reply, t4 the client's receive; the tightest request is kept.",
    clocksHead: ['Log', 'Machine', 'Connections matched', 'Offset', 'Error bound'],
    signedSeconds: (ms: number) => (Math.round(ms / 10) === 0 ? '' : ms > 0 ? '+' : '−') + enSeconds(Math.abs(ms)),
    seconds: enSeconds,
    clockWarning: (machine: string, ms: number) =>
      `The clock of ${machine} is ${enSeconds(Math.abs(ms))} off the server's (more than a second). Sync the clocks: Linux — sudo timedatectl set-ntp true (or chrony: sudo chronyc makestep), Windows — w32tm /resync.`,
    unmatched: (file: string) =>
      `${file}: no connection found in the server's logs (another address or port — a client behind NAT, or a log of another session); its events are not on the server's clock.`,
    roundTitle: (i: number, app: string) => `Round ${i}: ${app}`,
    roundFailed: (why: string) => `The server did not start: ${why}`,
    connectionsHead: ['Client address', 'Message', 'Connected', 'Queued', 'To reply', 'Disconnect', 'Client log'],
    timelineCaption: (i: number, app: string) => `Round ${i} (${app}) on the server's clock: every machine's connections`,
    clientLogs: "The clients' logs",
    noUploads: 'No client log was uploaded.',
    listingCut: (file: string, bytes: number) =>
      `Only the beginning is shown: the file is large (${bytes} bytes); it is whole in the session folder, ${file}.`,
    uploadLine: (file: string, shown: string, client: string, kind: 'kit' | 'other', from: string) =>
      `uploads/${file}: sent as “${shown}”, client ${client}, from ${from}; ${kind === 'kit' ? 'a kit client log' : 'attached as it is'}.`,
  },
  timeline: {
    queued: 'queued',
    served: 'being served',
    work: 'work on the request',
    clientSent: 'client sent',
    clientReceived: 'client received',
    seconds: 's',
  },
};

export const classTexts = (lang: Lang): ClassTexts => (lang === 'en' ? en : ru);
