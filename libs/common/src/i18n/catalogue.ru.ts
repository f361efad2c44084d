import { count } from './plural.js';

const clients = (n: number) => count('ru', n, { one: 'клиент', few: 'клиента', many: 'клиентов', other: 'клиента' });
const clientsGen = (n: number) => count('ru', n, { one: 'клиента', few: 'клиентов', many: 'клиентов', other: 'клиента' });
const requests = (n: number) => count('ru', n, { one: 'запрос', few: 'запроса', many: 'запросов', other: 'запроса' });
const requestsGen = (n: number) => count('ru', n, { one: 'запроса', few: 'запросов', many: 'запросов', other: 'запроса' });
const processes = (n: number) => count('ru', n, { one: 'рабочий процесс', few: 'рабочих процесса', many: 'рабочих процессов', other: 'рабочего процесса' });
const threads = (n: number) => count('ru', n, { one: 'поток', few: 'потока', many: 'потоков', other: 'потока' });
const cores = (n: number) => count('ru', n, { one: 'ядро', few: 'ядра', many: 'ядер', other: 'ядра' });
const s = (ms: number) => `${(ms / 1000).toFixed(2)} с`;
const ms = (n: number) => `${n} мс`;
const firewallHint = (port: number) =>
  `если сервер на другой машине, его брандмауэр может закрывать порт; на сервере выполните: ` +
  `sudo firewall-cmd --zone=public --add-port=${port}/tcp --permanent && sudo firewall-cmd --reload ` +
  `(проверка: sudo firewall-cmd --list-all)`;

/**
 * Every sentence a program says to a person, in Russian (the default). The
 * English catalogue must have exactly this shape: `Catalogue` is derived from
 * this object, so a missing or extra translation fails the type check.
 * Sections per area, so each app adopts its own part.
 */
export const ru = {
  units: { ms, s, seconds: 'с', clients, requests },
  lab: {
    usage: (cpus: number) => `использование: npm start -- [параметры]
  --clients N        клиентов на каждый сервер (по умолчанию 5)
  --delay MS         моделирование работы сервера на запрос, мс (по умолчанию 2000)
  --mode M           sleep | spin (по умолчанию sleep)
  --stagger MS       пауза между запусками клиентов, мс (по умолчанию 300)
  --servers LIST     какие серверы сравнить: sync,cluster,threads (по умолчанию все три)
  --workers N        процессов у server-cluster (по умолчанию — число CPU, здесь ${cpus})
  --threads N        потоков у server-threads (по умолчанию 4)
  --client ts|python какой клиент запускать (по умолчанию ts)
  --send-after MS    пауза клиента между подключением и отправкой, мс (по умолчанию 1000)
  --linger MS        клиент остаётся подключённым после ответа, мс (по умолчанию 500)
  --message TEXT     ФИО и группа (по умолчанию client.message из config/client.ini)
  --signature TEXT   подпись сервера (по умолчанию reply.signature из config/server-*.ini)
  --host H --port P  только клиенты, к серверу на другой машине
  --lang ru|en       язык (или MIRROR_LAB_LANG=en; по умолчанию ru)
  --out DIR          куда писать reports/<время>/ (по умолчанию reports)
  --help             эта справка`,
    badOption: (detail: string) => `${detail} (список параметров: npm start -- --help)`,
    wholeNumber: (flag: string, raw: string, min: number, max: number) => `--${flag} ${JSON.stringify(raw)}: нужно целое число от ${min} до ${max}`,
    oneOf: (flag: string, raw: string, values: readonly string[]) => `--${flag} ${JSON.stringify(raw)}: допустимо ${values.join(', ')}`,
    serverList: (raw: string, values: readonly string[]) => `--servers ${JSON.stringify(raw)}: список через запятую из ${values.join(', ')}, например sync,cluster`,
    hostNeeded: (raw: string) => `--host ${JSON.stringify(raw)}: с --port нужно имя или IP-адрес сервера`,
    portNeeded: () => '--host без --port: укажите порт, который напечатал сервер',
    oneLine: (flag: string) => `--${flag}: нужен непустой текст в одну строку`,
    header: (n: number, delayMs: number, mode: string, staggerMs: number, servers: readonly string[]) =>
      `Лабораторная: ${clients(n)} на каждый сервер (${servers.join(', ')}), задержка ${ms(delayMs)} (${mode}), запуск через ${ms(staggerMs)}`,
    remoteHeader: (n: number, target: string, staggerMs: number) => `Лабораторная: ${clients(n)} к серверу ${target}, запуск через ${ms(staggerMs)}`,
    reportDir: (dir: string) => `Отчёт: ${dir}`,
    example: (what: string) =>
      `Внимание: ${what} — встроенный пример (Титов Ю.П.). Впишите свои данные в config/client.ini (client.message) и config/server-*.ini (reply.signature) или передайте --message/--signature.`,
    exampleMessage: 'ФИО и группа клиента',
    exampleSignature: 'подпись сервера',
    progressBar: 'клиентов завершилось',
    progressFailed: (n: number) => `с ошибкой ${n}`,
    progressStarted: (label: string, n: number) => `  ${label}: запущено ${clients(n)}...`,
    progressClient: (label: string, k: number, code: number, elapsedS: string) => `  ${label}: клиент ${k} завершился (код ${code}) на ${elapsedS} с`,
    summaryHead: ['сервер', 'клиентов', 'ответили', 'всего, с', '1-й ответ, с', 'последний, с', 'макс. ожидание ответа, с'],
    reportMd: (path: string) => `Отчёт (Markdown): ${path}`,
    reportHtml: (path: string) => `Отчёт (HTML):     ${path}`,
    missingBuild: (main: string) => `нет файла ${main}: сначала выполните npm run build`,
    missingClient: (path: string) => `нет файла ${path}: клиент --client python входит в проект (clients/python/client.py)`,
    serverDidNotStart: (app: string, consoleText: string) => `${app} не запустился${consoleText ? `: ${consoleText}` : ''}`,
    serverDidNotStop: (app: string, graceMs: number) => `${app} не остановился за ${ms(graceMs)} после SIGINT; остановлен SIGKILL`,
  },
  report: {
    title: 'Лабораторная работа 2: итеративный и параллельные серверы',
    remoteTitle: (target: string) => `Лабораторная работа 2: клиенты и сервер ${target}`,
    generated: (when: string) => `Отчёт mirror-lab, ${when}`,
    machine: 'Машина',
    student: 'Студент',
    identity: 'Студент и подпись',
    message: 'Сообщение клиента (ФИО и группа)',
    signature: 'Подпись сервера',
    messageFrom: (source: string) => `из ${source}`,
    exampleNote:
      'Это встроенный пример, а не данные студента: впишите своё ФИО и группу в config/client.ini (client.message) и подпись в config/server-*.ini (reply.signature) и запустите npm start снова.',
    exampleItem: '(пример)',
    settings: 'Настройки опыта',
    connection: 'Настройки подключения',
    connectionNote: 'Сервер слушал адрес и порт ниже; клиенты брали их из своих INI-файлов (секция [server]). Для работы в сети кафедры: на сервере host = 0.0.0.0, у клиентов host = IP-адрес сервера, порт открыт в брандмауэре (firewall-cmd).',
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
    remoteNote: (target: string) =>
      `Клиенты работали с сервером на другой машине (${target}). Его лог и настройки здесь недоступны, поэтому в отчёте только то, что видели и измерили клиенты.`,
    timeline: 'Временная диаграмма',
    table: 'Клиенты',
    total: 'Всего',
    columns: ['Клиент', 'Подключился, с', 'Ждал в очереди, с', 'Отправил, с', 'Получил ответ, с', 'Время ответа, с', 'Отключился, с', 'Процесс/поток'],
    phases: { queue: 'ожидание в очереди', connected: 'подключён, ждёт', work: 'работа сервера', reply: 'ответ получен, клиент ещё подключён', waiting: 'ждёт ответа' },
    mermaidAxis: 'ось — время суток, как в логах',
    failed: 'ошибка',
    marks: { sent: 'клиент отправил', received: 'клиент получил ответ' },
    comparison: 'Сравнение и выводы',
    settingsFiles: 'Файлы настроек (INI)',
    testLog: 'Тестовый лог-файл клиента',
    testLogNote: (file: string) => `Лог одного клиента (${file}) — тот, что задание просит привести в отчёте. Логи всех клиентов и серверов — в разделе «Лог-файлы».`,
    logs: 'Лог-файлы',
    appendix: 'Приложение: код клиента',
    appendixNote: (language: string, files: number) => `Клиент, который работал в этом опыте, написан на ${language === 'Python' ? 'Python' : 'TypeScript'}; ниже его код (${count('ru', files, { one: 'файл', few: 'файла', many: 'файлов', other: 'файла' })}).`,
    sourceMissing: (path: string) => `Файл ${path} не найден рядом с программой: код клиента не приложен.`,
    axis: 'время от подключения первого клиента, с',
    client: 'Клиент',
    serverName: {
      'server-sync': 'Итеративный сервер (server-sync)',
      'server-cluster': 'Многопроцессный сервер (server-cluster)',
      'server-threads': 'Многопоточный сервер (server-threads)',
      remote: 'Удалённый сервер',
    },
    language: { TypeScript: 'TypeScript (Node.js)', Python: 'Python 3' },
    findings: {
      noReplies: (server: string, n: number) =>
        `${server}: ни один из ${clientsGen(n)} не получил ответа, поэтому измерить этот сервер не удалось и сравнивать его не с чем. Причины — в логах клиентов ниже (ERROR).`,
      failures: (server: string, failed: number, n: number, details: string) =>
        `${server}: ${failed} из ${clientsGen(n)} не получили ответа (${details}); их времена в сравнение не входят.`,
      failureDetail: (k: number, error: string | undefined) => `клиент ${k}: ${error ?? 'нет ответа'}`,
      serial: (server: string, firstMs: number, maxMs: number, waited: number, overlapped: number) =>
        `${server} обслуживал клиентов по одному: из ${clientsGen(overlapped)}, отправивших запрос, пока предыдущий ещё ждал ответа, ` +
        `${waited} ждали, пока сервер закончит с предыдущими. Самый быстрый ответ пришёл через ${s(firstMs)} (это сама работа сервера), самый долгий — через ${s(maxMs)}: каждый следующий клиент ждёт всех предыдущих.`,
      queue: (server: string, queued: number, maxWaitMs: number) =>
        `В логе ${server} ${clients(queued)} записаны как CLIENT_QUEUED: соединение принято, но не читается, пока обслуживается предыдущий; дольше всего клиент простоял в очереди ${s(maxWaitMs)}.`,
      concurrent: (server: string, minMs: number, maxMs: number, inFlight: number) =>
        `${server} обслуживал клиентов одновременно: ответы пришли через ${s(minMs)}–${s(maxMs)} после отправки, почти независимо от номера клиента; одновременно в работе было до ${requestsGen(inFlight)}.`,
      partial: (server: string, minMs: number, maxMs: number, inFlight: number, waited: number) =>
        `${server} обслуживал клиентов лишь частично одновременно: одновременно в работе было не больше ${requestsGen(inFlight)}, и ${clients(waited)} ждали свободного исполнителя; ответы пришли через ${s(minMs)}–${s(maxMs)}.`,
      noOverlap: (server: string) =>
        `${server}: клиенты не пересекались во времени (каждый отправлял запрос уже после ответа предыдущему), поэтому по этому опыту нельзя сказать, обслуживает ли сервер клиентов одновременно. Уменьшите --stagger или увеличьте --delay.`,
      load: (server: string, unit: 'process' | 'thread', counts: string, used: number, total: number) =>
        `Клиентов по ${unit === 'process' ? 'процессам' : 'потокам'} (${counts}): занято ${used} из ${total}.`,
      uneven: (server: string, unit: 'process' | 'thread', maxCount: number, ideal: number) =>
        `Нагрузка распределилась неравномерно: ${unit === 'process' ? 'одному процессу' : 'одному потоку'} досталось ${clients(maxCount)}, хотя хватило бы ${ideal}. ` +
        (unit === 'process'
          ? 'Соединения раздаёт операционная система (или главный процесс), не глядя на загрузку процессов.'
          : 'Поток берёт следующий запрос, как только освободится.'),
      spinOversubscribed: (server: string, unit: 'process' | 'thread', units: number, cpuCount: number) =>
        `В режиме spin ${unit === 'process' ? processes(units) : threads(units)} делят ${cores(cpuCount)} процессора: одновременно по-настоящему считают не больше ${cpuCount}, остальные ждут ядра, и каждый такой запрос длится дольше заданной задержки.`,
      modeSleepProcess: (n: number) =>
        `Режим sleep не занимает процессор (как ожидание диска или базы данных): каждый из ${count('ru', n, { one: 'рабочего процесса', few: 'рабочих процессов', many: 'рабочих процессов', other: 'рабочего процесса' })} обслуживает много клиентов сразу, пока их запросы «ждут». В режиме spin запрос занимает процесс целиком, и одновременно обрабатывается не больше ${requestsGen(n)} — по одному на процесс.`,
      modeSpinProcess: (n: number) =>
        `Режим spin занимает процессор (как вычисление): процесс, считающий запрос, не может делать ничего другого, поэтому одновременно обрабатывается не больше ${requestsGen(n)} — по одному на рабочий процесс. В режиме sleep каждый процесс обслуживал бы много клиентов сразу.`,
      modeThreads: (n: number, mode: string) =>
        `В многопоточном сервере работа каждого запроса занимает свой поток из пула (${threads(n)}) в любом режиме (сейчас ${mode}): одновременно обрабатывается не больше ${requestsGen(n)}, остальные ждут свободного потока. Главный поток только принимает соединения и пишет лог.`,
      compareFaster: (server: string, base: string, baseMs: number, otherMs: number, ratio: number) =>
        `${server} ответил последнему клиенту через ${s(otherMs)} от первого подключения, ${base} — через ${s(baseMs)}: в ${ratio.toFixed(1).replace('.', ',')} раза быстрее.`,
      compareSlower: (server: string, base: string, baseMs: number, otherMs: number, ratio: number) =>
        `${server} в этом опыте оказался медленнее итеративного: последний ответ через ${s(otherMs)} против ${s(baseMs)} у ${base} (в ${ratio.toFixed(1).replace('.', ',')} раза дольше). Параллельный сервер не ускоряет работу, если исполнителей меньше, чем одновременных запросов, или они делят мало ядер (spin), а запуск процессов и потоков сам требует времени.`,
      compareSame: (server: string, base: string, baseMs: number, otherMs: number) =>
        `${server} и ${base} закончили почти одинаково: последний ответ через ${s(otherMs)} и ${s(baseMs)}. Разница меньше 15%, выигрыша от параллельности в этом опыте нет.`,
      compareImpossible: (server: string, base: string) =>
        `Сравнить ${server} с ${base} нельзя: не все клиенты одного из них получили ответ.`,
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
    },
  },
  client: {
    firewallHint,
    refused: (where: string, source: string) =>
      `${where} отказал в соединении: там ничего не слушает. Запущен ли сервер, и указан ли в ${source} (server.port) порт, который он напечатал?`,
    unreachable: (where: string, code: string, source: string, port: number) =>
      `нет маршрута до ${where} (${code}): проверьте server.host в ${source} и что обе машины в одной сети; ${firewallHint(port)}`,
    unresolved: (host: string, source: string) => `не удаётся найти адрес узла "${host}": проверьте server.host в ${source} (можно указать IP-адрес)`,
    connectFailed: (where: string, detail: string) => `не удаётся подключиться к ${where}: ${detail}`,
    connectTimeout: (where: string, timeoutMs: number, port: number) =>
      `${where} не ответил за ${ms(timeoutMs)}: машина выключена или недоступна, или ${firewallHint(port)}`,
    replyTimeout: (timeoutMs: number, source: string) =>
      `нет ответа за ${ms(timeoutMs)}: сервер может быть занят другими клиентами (server-sync обслуживает по одному) или его работа долгая; увеличьте client.reply_timeout_ms в ${source}`,
    closedBeforeReply:
      'сервер закрыл соединение, не ответив: он мог завершить сеанс (session.max_ms или session.idle_ms на сервере) или был остановлен',
    serverError: (line: string, hint: 'busy' | 'too-long' | 'none') =>
      `сервер ответил ошибкой: ${line}${hint === 'busy' ? ' (очередь ожидающих клиентов заполнена; попробуйте позже)' : hint === 'too-long' ? ' (сократите client.message)' : ''}`,
    reset: 'сервер сбросил соединение',
    connectionError: (detail: string) => `ошибка соединения: ${detail}`,
    replyTooLong: (limit: number) => `сервер прислал больше ${limit} байт без конца строки: это сервер mirror-lab?`,
    unexpectedFailure: (detail: string) => `непредвиденная ошибка: ${detail}`,
    interrupted: 'прервано',
  },
  // Filled by the pass that moves the config loader's and the servers' messages here.
  config: {},
  server: {},
};

/**
 * The catalogue's shape with every text widened to `string` (a function whose
 * Russian text is a fixed literal would otherwise demand that same literal).
 */
type Widen<T> = T extends (...args: infer A) => string
  ? (...args: A) => string
  : T extends string
    ? string
    : T extends readonly (infer U)[]
      ? Widen<U>[]
      : T extends object
        ? { [K in keyof T]: Widen<T[K]> }
        : T;

export type Catalogue = Widen<typeof ru>;
