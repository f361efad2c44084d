import { count, pluralForm } from './plural.js';

const clients = (n: number) => count('ru', n, { one: 'клиент', few: 'клиента', many: 'клиентов', other: 'клиента' });
const clientsGen = (n: number) => count('ru', n, { one: 'клиента', few: 'клиентов', many: 'клиентов', other: 'клиента' });
const requests = (n: number) => count('ru', n, { one: 'запрос', few: 'запроса', many: 'запросов', other: 'запроса' });
const requestsGen = (n: number) => count('ru', n, { one: 'запроса', few: 'запросов', many: 'запросов', other: 'запроса' });
const processes = (n: number) =>
  count('ru', n, { one: 'рабочий процесс', few: 'рабочих процесса', many: 'рабочих процессов', other: 'рабочего процесса' });
const threads = (n: number) => count('ru', n, { one: 'поток', few: 'потока', many: 'потоков', other: 'потока' });
const cores = (n: number) => count('ru', n, { one: 'ядро', few: 'ядра', many: 'ядер', other: 'ядра' });
const s = (ms: number) => `${(ms / 1000).toFixed(2)} с`;
const ms = (n: number) => `${n} мс`;
const events = (n: number) => count('ru', n, { one: 'событие', few: 'события', many: 'событий', other: 'события' });
const lostEvents = (n: number) =>
  `${events(n)} ${pluralForm('ru', n, { one: 'потеряно', few: 'потеряны', many: 'потеряно', other: 'потеряно' })}`;
const SAVE_AS_UTF8 = 'сохраните его в UTF-8 (Блокнот: Файл → Сохранить как → Кодировка: UTF-8)';
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
    wholeNumber: (flag: string, shownValue: string, min: number, max: number) =>
      `--${flag} ${shownValue}: нужно целое число от ${min} до ${max}`,
    oneOf: (flag: string, shownValue: string, values: readonly string[]) =>
      `--${flag} ${shownValue}: допустимо ${values.join(', ')}`,
    serverList: (shownValue: string, values: readonly string[]) =>
      `--servers ${shownValue}: список через запятую из ${values.join(', ')}, например sync,cluster`,
    hostNeeded: (shownValue: string) => `--host ${shownValue}: с --port нужно имя или IP-адрес сервера`,
    portNeeded: () => '--host без --port: укажите порт, который напечатал сервер',
    oneLine: (flag: string) => `--${flag}: нужен непустой текст в одну строку`,
    header: (n: number, delayMs: number, mode: string, staggerMs: number, servers: readonly string[]) =>
      `Лабораторная: ${clients(n)} на каждый сервер (${servers.join(', ')}), задержка ${ms(delayMs)} (${mode}), запуск через ${ms(staggerMs)}`,
    remoteHeader: (n: number, target: string, staggerMs: number) =>
      `Лабораторная: ${clients(n)} к серверу ${target}, запуск через ${ms(staggerMs)}`,
    reportDir: (dir: string) => `Отчёт: ${dir}`,
    example: (what: string) =>
      `Внимание: ${what} — встроенный пример (Титов Ю.П.). Впишите свои данные в config/client.ini (client.message) и config/server-*.ini (reply.signature) или передайте --message/--signature.`,
    exampleMessage: 'ФИО и группа клиента',
    exampleSignature: 'подпись сервера',
    progressBar: 'клиентов завершилось',
    progressFailed: (n: number) => `с ошибкой ${n}`,
    progressStarted: (label: string, n: number) => `  ${label}: запущено ${clients(n)}...`,
    progressClient: (label: string, k: number, code: number, elapsedS: string) =>
      `  ${label}: клиент ${k} завершился (код ${code}) на ${elapsedS} с`,
    summaryHead: ['сервер', 'клиентов', 'ответили', 'всего, с', '1-й ответ, с', 'последний, с', 'макс. ожидание ответа, с'],
    reportMd: (path: string) => `Отчёт (Markdown): ${path}`,
    reportHtml: (path: string) => `Отчёт (HTML):     ${path}`,
    missingBuild: (main: string) => `нет файла ${main}: сначала выполните npm run build`,
    missingClient: (path: string) => `нет файла ${path}: клиент --client python входит в проект (clients/python/client.py)`,
    serverDidNotStart: (app: string, consoleText: string) => `${app} не запустился${consoleText ? `: ${consoleText}` : ''}`,
    serverDidNotStop: (app: string, graceMs: number) =>
      `${app} не остановился за ${ms(graceMs)} после SIGINT; остановлен SIGKILL`,
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
    remoteNote: (target: string) =>
      `Клиенты работали с сервером на другой машине (${target}). Его лог и настройки здесь недоступны, поэтому в отчёте только то, что видели и измерили клиенты.`,
    timeline: 'Временная диаграмма',
    table: 'Клиенты',
    total: 'Всего',
    columns: [
      'Клиент',
      'Подключился, с',
      'Ждал в очереди, с',
      'Отправил, с',
      'Получил ответ, с',
      'Время ответа, с',
      'Отключился, с',
      'Процесс/поток',
    ],
    phases: {
      queue: 'ожидание в очереди',
      connected: 'подключён, ждёт',
      work: 'работа сервера',
      reply: 'ответ получен, клиент ещё подключён',
      waiting: 'ждёт ответа',
    },
    mermaidAxis: 'ось — время суток, как в логах',
    failed: 'ошибка',
    marks: { sent: 'клиент отправил', received: 'клиент получил ответ' },
    comparison: 'Сравнение и выводы',
    settingsFiles: 'Файлы настроек (INI)',
    testLog: 'Тестовый лог-файл клиента',
    testLogNote: (file: string) =>
      `Лог одного клиента (${file}) — тот, что задание просит привести в отчёте. Логи всех клиентов и серверов — в разделе «Лог-файлы».`,
    logs: 'Лог-файлы',
    appendix: 'Приложение: код клиента',
    appendixNote: (language: string, files: number) =>
      `Клиент, который работал в этом опыте, написан на ${language === 'Python' ? 'Python' : 'TypeScript'}; ниже его код (${count('ru', files, { one: 'файл', few: 'файла', many: 'файлов', other: 'файла' })}).`,
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
    unresolved: (host: string, source: string) =>
      `не удаётся найти адрес узла "${host}": проверьте server.host в ${source} (можно указать IP-адрес)`,
    connectFailed: (where: string, detail: string) => `не удаётся подключиться к ${where}: ${detail}`,
    connectTimeout: (where: string, timeoutMs: number, port: number) =>
      `${where} не ответил за ${ms(timeoutMs)}: машина выключена или недоступна, или ${firewallHint(port)}`,
    replyTimeout: (timeoutMs: number, source: string) =>
      `нет ответа за ${ms(timeoutMs)}, хотя сервер принял соединение: скорее всего, клиент ждал в очереди сервера ` +
      `(итеративный сервер, как server-sync, обслуживает клиентов по одному; каждого несколько секунд, и при 30 сразу последние ждут больше минуты) ` +
      `или работа сервера идёт долго; запустите клиента снова или увеличьте client.reply_timeout_ms в ${source} (например, до 180000)`,
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
  // Config and command-line errors: one function per ConfigError code (config.errors.ts builds them).
  config: {
    at: (file: string, line?: number) => (line === undefined ? `${file}: ` : `${file}: строка ${line}: `),
    cut: (excerpt: string, length: number) =>
      `"${excerpt}…" (${count('ru', length, { one: 'символ', few: 'символа', many: 'символов', other: 'символа' })})`,
    noValue: '(нет значения)',
    usage: (problem: string, usage: string) => `${problem} (использование: ${usage})`,
    unknownOption: (option: string) => `неизвестный параметр '${option}'`,
    missingValue: (option: string) => `параметру '${option}' нужно значение`,
    positional: (arg: string) => `лишний аргумент '${arg}': параметры пишутся как --имя значение`,
    fileNotFound: 'файл настроек не найден (укажите его: --config ФАЙЛ)',
    fileIsDirectory: 'это каталог, а не файл настроек',
    fileUnreadable: (reason: string) => `не удаётся прочитать файл настроек (${reason})`,
    permissionDenied: (code: string) => `нет прав на чтение, ${code}`,
    fileTooLarge: (maxBytes: number) =>
      `больше ${maxBytes} байт — слишком велик для файла настроек (поставляемые занимают около 2 КБ); тот ли это файл?`,
    utf16: () => `сохранён в UTF-16 («Юникод»), а не в UTF-8; ${SAVE_AS_UTF8}`,
    notUtf8: (byte: string, column: number) =>
      `не UTF-8 (байт 0x${byte} в столбце ${column}; может быть, файл в Windows-1251 или другой кодировке?); ${SAVE_AS_UTF8}`,
    notText: () => `содержит байт NUL: это не текстовый файл; ${SAVE_AS_UTF8}`,
    badSectionLine: (text: string) => `${text} — не строка секции; напишите имя секции в квадратных скобках, например [server]`,
    badQuotedValue: (key: string, text: string) =>
      `${key} = ${text}: значение в двойных кавычках читается как строка JSON; ` +
      `пишите \\\\ вместо обратной косой черты и \\" вместо кавычки, или используйте одинарные кавычки или значение без кавычек`,
    keyOutsideSection: (key: string, sections: string) =>
      `ключ ${key} стоит вне секции; поместите его в одну из секций ${sections}`,
    unknownSection: (section: string, sections: string) => `неизвестная секция [${section}]; допустимые секции: ${sections}`,
    unknownKey: (section: string, key: string, near: string | undefined, keys: string) =>
      `неизвестный ключ ${section}.${key}${near ? ` (может быть, ${near}? ключи пишутся строчными буквами)` : ''}; в [${section}] допустимы: ${keys}`,
    duplicateSection: (section: string, firstLine: number) =>
      `секция [${section}] указана дважды (первый раз в строке ${firstLine}); соберите все её ключи в одной [${section}]`,
    duplicateKey: (section: string, key: string, firstLine: number) =>
      `ключ ${section}.${key} указан дважды (первый раз в строке ${firstLine}); оставьте один`,
    listKey: (section: string, key: string) =>
      `${section}.${key}[]: списки не поддерживаются; у каждого ключа одно значение, укажите ${section}.${key} один раз`,
    badValue: (key: string, text: string, allowed: string) => `${key} = ${text}: ${allowed}`,
    allowedInt: (min: number, max: number) => `нужно целое число от ${min} до ${max}`,
    allowedBool: 'нужно true или false',
    allowedEnum: (values: readonly string[]) => `нужно одно из: ${values.join(', ')}`,
    allowedHost: 'нужно имя хоста или IP-адрес (например, 0.0.0.0, 127.0.0.1, lab-server.local)',
    allowedText: (maxBytes: number) => `нужен непустой текст в одну строку, не больше ${maxBytes} байт`,
    badLang: (what: string, values: readonly string[]) => `${what}: нужно одно из: ${values.join(', ')}`,
  },
  // The command line of every app but the lab: --help and its words.
  cli: {
    usage: (app: string) => `${app} [--config ФАЙЛ] [--lang ru|en]`,
    help: (app: string, what: string) => `${what}

использование: ${app} [--config ФАЙЛ] [--lang ru|en]
  --config ФАЙЛ   файл настроек INI (по умолчанию config/${app}.ini)
  --lang ru|en    язык сообщений (или MIRROR_LAB_LANG=en; по умолчанию ru)
  --version       показать версию
  --help          эта справка`,
    what: {
      'server-sync': 'Итеративный сервер-зеркало: обслуживает клиентов по одному.',
      'server-cluster': 'Многопроцессный сервер-зеркало: рабочие процессы обслуживают клиентов одновременно.',
      'server-threads': 'Многопоточный сервер-зеркало: работа каждого запроса идёт в потоке из пула.',
      client: 'Клиент: подключается к серверу, отправляет сообщение, пишет ответ в лог.',
    },
  },
  // Start-up failures and the servers' console lines.
  server: {
    portInUse: (where: string) =>
      `не удаётся слушать ${where}: порт уже занят (запущен другой сервер? остановите его или задайте в server.port другой порт или 0)`,
    portForbidden: (where: string) =>
      `не удаётся слушать ${where}: нет прав (порты ниже 1024 требуют root; возьмите порт выше 1024)`,
    addressUnavailable: (where: string) =>
      `не удаётся слушать ${where}: у этой машины нет такого адреса (0.0.0.0 — все интерфейсы)`,
    listenFailed: (where: string, detail: string) => `не удаётся слушать ${where}: ${detail}`,
    workersFailing: (worker: number, times: number, why: string) =>
      `рабочий процесс ${worker} ${count('ru', times, { one: 'раз', few: 'раза', many: 'раз', other: 'раза' })} подряд завершился при запуске (последний раз: ${why}); сдаюсь`,
    exitStatus: (code: number | null, signal: string | null) =>
      `код выхода ${code ?? 'нет'}${signal ? `, сигнал ${signal}` : ''}`,
    balanceUnknown: (env: string, value: string) => `${env}=${value}: допустимые значения — shared и reuseport`,
    balanceNeedsNode: (env: string, version: string) =>
      `${env}=reuseport требует Node 22.12 или новее (это Node ${version}); уберите переменную, чтобы работать с общим гнездом`,
    balanceRefused: (env: string, detail: string) =>
      `${env}=reuseport: эта система не даёт SO_REUSEPORT (${detail}); уберите переменную, чтобы работать с общим гнездом`,
    listening: (where: string, log: string) => `слушаю ${where}; лог: ${log}`,
    listeningWorkers: (where: string, workers: number, log: string) => `слушаю ${where}, ${processes(workers)}; лог: ${log}`,
    listeningThreads: (where: string, n: number, log: string) => `слушаю ${where}, ${threads(n)}; лог: ${log}`,
    stopping: (signal: string, graceMs: number) => `${signal}: останавливаюсь (даю ${ms(graceMs)} на завершение)`,
    stoppingWorkers: (signal: string, workers: number, graceMs: number) =>
      `${signal}: останавливаю ${processes(workers)} (даю ${ms(graceMs)} на завершение)`,
    forcing: (signal: string) => `${signal}: закрываю все соединения немедленно`,
    primaryGone: 'главный процесс завершился: заканчиваю начатые запросы и выхожу',
    watchdogFailed: (slot: number, detail: string) =>
      `рабочий процесс ${slot}: слежение за главным процессом не работает: ${detail}`,
    workerCrashed: (slot: number, detail: string) => `рабочий процесс ${slot}: ${detail}`,
    threadExitHook: (env: string, line: string) => `включён тестовый режим ${env}: строка ${line} завершает свой поток`,
    shutdownFailed: (detail: string) => `остановка не удалась: ${detail}`,
    throttled: 'клиент шлёт запросы быстрее, чем читает ответы; чтение приостановлено, пока он не догонит',
    tooManyConnections: (limit: number) => `слишком много соединений (предел ${limit})`,
    threadPoolBroken: (file: string, detail: string) => `пул потоков не может выполнить код работы (${file}): ${detail}`,
    threadFailed: (thread: number | undefined, detail: string) =>
      `${thread === undefined ? 'поток' : `поток ${thread}`} сбился при работе над запросом: ${detail}`,
  },
  // Nest's own start-up lines, as the console shows them (Nest writes them in English).
  nest: {
    starting: 'запуск приложения Nest...',
    ready: 'приложение Nest запущено',
    microserviceReady: 'микросервис Nest запущен',
    initialized: (module: string) => `зависимости ${module} инициализированы`,
  },
  // The event log: its console echo and what it says on stderr when the file cannot be written.
  log: {
    moreEvents: (n: number, file: string) => `... и ещё ${events(n)}, здесь не показанных (все события есть в ${file})`,
    cannotOpen: (path: string, why: string) => `не удаётся открыть лог-файл ${path} для дописывания: ${why}`,
    cannotWrite: (path: string, why: string) =>
      `лог: не удаётся писать в ${path}: ${why}; события отбрасываются и считаются, пока запись снова не станет возможна (сообщается один раз за сбой)`,
    writableAgain: (path: string, lost: number) => `лог: в ${path} снова можно писать; ${lostEvents(lost)}`,
    lostAtExit: (path: string, lost: number, why: string) => `лог: в ${path} не удалось записать ${events(lost)}: ${why}`,
    // What a student can act on, for the ways opening a log file fails (by the system's error code).
    openFailures: {
      EACCES: 'нет прав (EACCES)',
      EPERM: 'нет прав (EPERM)',
      EROFS: 'файловая система только для чтения (EROFS)',
      EISDIR: 'по этому пути каталог (EISDIR)',
      ENOENT:
        'каталога на этом пути нет и создать его там нельзя (ENOENT; например, /proc или /sys — не для файлов): ' +
        'укажите log.file на обычном диске, например logs/<программа>.log',
      // mkdir says EEXIST and open says ENOTDIR when a file stands where a directory should be.
      EEXIST: 'часть пути — файл, а не каталог (ENOTDIR)',
      ENOTDIR: 'часть пути — файл, а не каталог (ENOTDIR)',
      ENOSPC: 'на устройстве нет места (ENOSPC)',
      ENAMETOOLONG: 'слишком длинный путь (ENAMETOOLONG)',
      ENXIO: 'по этому пути FIFO или сокет, а не обычный файл (ENXIO)',
    } as Record<string, string>,
    notRegular: (kind: 'directory' | 'fifo' | 'socket' | 'device' | 'other') =>
      kind === 'other'
        ? 'по этому пути не обычный файл'
        : `по этому пути ${{ directory: 'каталог', fifo: 'FIFO (именованный канал)', socket: 'сокет', device: 'устройство' }[kind]}, а не обычный файл`,
    writeErrors: {
      ENOSPC: 'на устройстве нет места (ENOSPC)',
      EROFS: 'файловая система только для чтения (EROFS)',
      EDQUOT: 'исчерпана дисковая квота (EDQUOT)',
      EIO: 'ошибка ввода-вывода (EIO)',
    } as Record<string, string>,
    notOpen: 'лог-файл не был открыт',
    deleted: 'лог-файл удалён',
    renamed: 'лог-файл переименован или перемещён; его прежние строки там',
    replaced: 'по этому пути теперь другой файл (лог переименован или заменён); прежние строки в старом',
    deletedBeforeWrittenAgain: 'лог-файл удалён раньше, чем эти события удалось записать заново',
    wroteNothing: 'write(2) ничего не записал и не сообщил об ошибке',
    cannotReopen: (why: string, error: string) => `${why}, и открыть его заново не удаётся: ${error}`,
  },
  /** Issue 29: a console that does not read, a flood, a full disk, messages a student can act on. */
  reliability: {
    hostUnresolved: (host: string) =>
      `не удаётся найти адрес узла «${host}» из server.host (нет такого имени в DNS или /etc/hosts): ` +
      `укажите IP-адрес этой машины (ip -4 addr) или 0.0.0.0 — все её адреса`,
    osErrors: {
      EACCES: 'нет прав доступа',
      EPERM: 'операция не разрешена',
      ECONNRESET: 'сервер сбросил соединение',
      ECONNABORTED: 'соединение прервано',
      EPIPE: 'сервер закрыл соединение',
      EADDRNOTAVAIL: 'этого адреса нет на этой машине',
      ENETDOWN: 'сеть не работает',
    } as Record<string, string>,
    resetBeforeAccept:
      'клиент сбросил соединение (RST) раньше, чем сервер его принял (так делает сканер портов); адрес такого соединения система уже не сообщает',
    diskLow: 'на диске лога почти нет места: новые клиенты не принимаются, остаток оставлен для событий уже принятых',
    diskLowStderr: (free: number, reserve: number) =>
      `на диске лога осталось ${Math.round(free / 1048576)} МиБ (запас ${Math.round(reserve / 1048576)} МиБ): ` +
      `новые клиенты не принимаются, пока не освободится место; уже принятые обслуживаются и записываются в лог`,
    diskRoomyAgain: (free: number) =>
      `на диске лога снова есть место (${Math.round(free / 1048576)} МиБ): новые клиенты принимаются`,
    peerOverBudget:
      'с этого адреса за последнее время пришло столько подключений и запросов, что лог рос бы быстрее допустимого; ' +
      'новые подключения с него отклоняются, запросы задерживаются (docs/logs.md)',
    consoleDropped: (n: number) =>
      `... ${count('ru', n, { one: 'строка консоли пропущена', few: 'строки консоли пропущены', many: 'строк консоли пропущено', other: 'строки консоли пропущено' })}: ` +
      `терминал не принимал вывод (Ctrl-S? Ctrl-Q продолжает); все события есть в лог-файле`,
  },
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
