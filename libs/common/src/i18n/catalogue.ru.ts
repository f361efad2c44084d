import { count, pluralForm } from './plural.js';

const clients = (n: number) => count('ru', n, { one: 'клиент', few: 'клиента', many: 'клиентов', other: 'клиента' });
const requests = (n: number) => count('ru', n, { one: 'запрос', few: 'запроса', many: 'запросов', other: 'запроса' });
const processes = (n: number) =>
  count('ru', n, { one: 'рабочий процесс', few: 'рабочих процесса', many: 'рабочих процессов', other: 'рабочего процесса' });
const threads = (n: number) => count('ru', n, { one: 'поток', few: 'потока', many: 'потоков', other: 'потока' });
/** A number with `digits` decimals, written as a Russian reader writes it: a decimal comma. */
const decimal = (n: number, digits: number) => n.toFixed(digits).replace('.', ',');
const s = (ms: number) => `${decimal(ms / 1000, 2)} с`;
const ms = (n: number) => `${n} мс`;
const events = (n: number) => count('ru', n, { one: 'событие', few: 'события', many: 'событий', other: 'события' });
const lostEvents = (n: number) =>
  `${events(n)} ${pluralForm('ru', n, { one: 'потеряно', few: 'потеряны', many: 'потеряно', other: 'потеряно' })}`;
/** Which message of how many, for the client's console. */
export interface Nth {
  i: number;
  total: number;
}
const nthRu = (nth?: Nth) => (nth ? ` (${nth.i} из ${nth.total})` : '');
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
  units: { ms, s, decimal, seconds: 'с', clients, requests },
  lab: {
    usage: (cpus: number) => `использование: npm start -- [параметры]
  --clients N        клиентов на каждый сервер (по умолчанию 5)
  --delay MS         моделирование работы сервера на запрос, мс (по умолчанию 2000)
  --mode M           sleep | spin (по умолчанию sleep)
  --stagger MS       пауза между запусками клиентов, мс (по умолчанию 300)
  --servers LIST     какие серверы сравнить: sync,cluster,threads (важнее варианта)
  --workers N        процессов у server-cluster (по умолчанию — число CPU, здесь ${cpus})
  --threads N        потоков у server-threads (по умолчанию 4)
  --client ts|python какой клиент запускать (по умолчанию ts)
  --send-after MS    пауза клиента между подключением и отправкой, мс (по умолчанию 1000)
  --linger MS        клиент остаётся подключённым после ответа, мс (по умолчанию 500)
  --variant N        вариант: нечётный — server-sync и server-cluster, чётный — server-sync
                     и server-threads (по умолчанию variant из config/student.ini; без него все три)
  --student FILE     кто сдаёт работу (по умолчанию config/student.ini или MIRROR_LAB_STUDENT)
  --message TEXT     ФИО и группа (по умолчанию из config/student.ini)
  --signature TEXT   подпись сервера (по умолчанию строится из config/student.ini)
  --host H --port P  только клиенты, к серверу на другой машине
  --server-lang TEXT на чём написан тот сервер (иначе отчёт об этом молчит)
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
    // Who hands the lab in (config/student.ini) and the variant's servers.
    student: {
      example: (example: string, studentFile: string) =>
        `Внимание: используется встроенный пример («${example}»). Впишите свои ФИО, группу и вариант в ${studentFile} (или передайте --message/--signature).`,
      variant: (n: number, app: string, multi: 'process' | 'thread') =>
        `Вариант ${n}: ${multi === 'process' ? 'многопроцессный' : 'многопоточный'} сервер ${app} сравнивается с итеративным server-sync`,
      variantOverridden: (n: number, app: string) => `Вариант ${n} (сервер ${app}); серверы для сравнения заданы --servers`,
      noVariant: (studentFile: string) =>
        `Вариант не указан: сравниваются все три сервера (нечётный вариант — server-cluster, чётный — server-threads). Укажите variant в ${studentFile} или --variant N.`,
    },
    progressBar: 'клиентов завершилось',
    progressFailed: (n: number) => `с ошибкой ${n}`,
    progressStarted: (label: string, n: number) => `  ${label}: запущено ${clients(n)}...`,
    progressClient: (label: string, k: number, code: number, elapsedS: string) =>
      `  ${label}: клиент ${k} завершился (код ${code}) на ${elapsedS} с`,
    summaryHead: ['сервер', 'клиентов', 'ответили', 'всего, с', '1-й ответ, с', 'последний, с', 'макс. ожидание ответа, с'],
    reportMd: (path: string) => `Отчёт (Markdown): ${path}`,
    reportHtml: (path: string) => `Отчёт (HTML):     ${path}`,
    reportDocx: (path: string) => `Отчёт (Word):     ${path}`,
    missingBuild: (main: string) => `нет файла ${main}: сначала выполните npm run build`,
    missingClient: (path: string) => `нет файла ${path}: клиент --client python входит в проект (clients/python/client.py)`,
    serverDidNotStart: (app: string, consoleText: string) => `${app} не запустился${consoleText ? `: ${consoleText}` : ''}`,
    serverDidNotStop: (app: string, graceMs: number) =>
      `${app} не остановился за ${ms(graceMs)} после SIGINT; остановлен SIGKILL`,
  },
  client: {
    firewallHint,
    refused: (where: string, source: string) =>
      `${where} отказал в соединении: там никто не слушает. Запущен ли сервер и совпадает ли server.port в ${source} с портом, который он напечатал?`,
    unreachable: (where: string, code: string, source: string, port: number) =>
      `нет маршрута до ${where} (${code}): проверьте server.host в ${source} и что обе машины в одной сети; ${firewallHint(port)}`,
    unresolved: (host: string, source: string) =>
      `не удаётся найти адрес узла «${host}»: проверьте server.host в ${source} (подойдёт и IP-адрес)`,
    connectFailed: (where: string, detail: string) => `не удаётся подключиться к ${where}: ${detail}`,
    connectTimeout: (where: string, timeoutMs: number, port: number) =>
      `${where} не ответил за ${ms(timeoutMs)}: машина может быть выключена или недоступна, или ${firewallHint(port)}`,
    replyTimeout: (timeoutMs: number, source: string) =>
      `нет ответа за ${ms(timeoutMs)}, хотя сервер принял соединение: скорее всего, клиент ждал в очереди сервера ` +
      `(итеративный сервер, как server-sync, обслуживает клиентов по одному, каждого несколько секунд, и при 30 сразу последние ждут больше минуты) ` +
      `или работа сервера идёт долго; запустите клиента снова или увеличьте client.reply_timeout_ms в ${source} (например, до 180000)`,
    closedBeforeReply:
      'сервер закрыл соединение, не ответив: он мог завершить сеанс (session.max_ms или session.idle_ms на сервере) или был остановлен',
    serverError: (line: string, hint: 'busy' | 'too-long' | 'none') =>
      `сервер ответил ошибкой: ${line}${hint === 'busy' ? ' (его очередь ожидающих клиентов заполнена; попробуйте позже)' : hint === 'too-long' ? ' (сократите client.message)' : ''}`,
    reset: 'сервер сбросил соединение',
    connectionError: (detail: string) => `ошибка соединения: ${detail}`,
    replyTooLong: (limit: number) => `сервер прислал больше ${limit} байт без конца строки: это сервер mirror-lab?`,
    unexpectedFailure: (detail: string) => `непредвиденная ошибка: ${detail}`,
    interrupted: 'прервано',
    // The console's sentences, one per step of the session (apps/client/src/client-console.ts).
    say: {
      connecting: (server: string) => `подключаюсь к ${server}…`,
      connected: (server: string, local: string) => `подключено к ${server} (локальный адрес ${local})`,
      /** `nth`: which message of how many, when there are several. */
      sent: (msg: string, nth?: Nth) => `отправлено${nthRu(nth)}: ${msg}`,
      received: (msg: string, nth?: Nth) => `ответ${nthRu(nth)}: ${msg}`,
      unexpected: (msg: string) => `сервер прислал строку, когда ответа не ждали: ${msg}`,
      serverClosed: 'сервер закрыл соединение после последнего ответа',
      disconnected: (server: string) => `отключено от ${server}`,
      done: (replies: number, file: string) =>
        `готово: ${pluralForm('ru', replies, { one: 'получен', few: 'получено', many: 'получено', other: 'получено' })} ` +
        `${count('ru', replies, { one: 'ответ', few: 'ответа', many: 'ответов', other: 'ответа' })}. Лог: ${file}`,
      /** After the first part of a text too long for one console line. */
      cut: (more: number, file: string) =>
        `… (ещё ${count('ru', more, { one: 'символ', few: 'символа', many: 'символов', other: 'символа' })}; целиком — в логе ${file})`,
    },
  },
  // The client's log sent to the class board after its session (apps/client/src/board-upload.ts).
  upload: {
    usage: ' [--host АДРЕС] [--port N] [--board URL] [--code КОД]',
    flagsHelp: `  --host АДРЕС    адрес сервера (вместо [server] host из файла)
  --port N        порт сервера (вместо [server] port)
  --board URL     табло занятия: после сеанса отправить туда свой лог (вместо [board] url)
  --code КОД      код занятия, показанный на табло (вместо [board] code)`,
    taken: (url: string, message: string) => `табло ${url} приняло лог: ${message}`,
    refused: (url: string, status: number, message: string) =>
      `предупреждение: табло ${url} не приняло лог (HTTP ${status}): ${message}`,
    notBoard: (url: string, status: number) =>
      `предупреждение: по адресу ${url} ответило не табло занятия (HTTP ${status}): проверьте --board или [board] url`,
    unreachable: (url: string, detail: string) =>
      `предупреждение: табло ${url} недоступно (${detail}); лог остался в файле — загрузите его на странице табло`,
    timeout: (url: string, timeoutMs: number) =>
      `предупреждение: табло ${url} не ответило за ${s(timeoutMs)}; лог остался в файле — загрузите его на странице табло`,
    cannotRead: (file: string, detail: string) => `предупреждение: лог ${file} не прочитан для табло (${detail})`,
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
    fileNotRegular: 'это канал FIFO или сокет, а не файл: настройки читаются из обычного файла',
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
    allowedUrl: 'нужен адрес табло занятия вида http://10.0.0.1:8080 (или пусто — лог никуда не отправляется)',
    badLang: (what: string, values: readonly string[]) => `${what}: нужно одно из: ${values.join(', ')}`,
  },
  // The command line of every app but the lab: --help and its words.
  cli: {
    usage: (app: string) => `${app} [--config ФАЙЛ] [--lang ru|en]`,
    help: (app: string, what: string) => `${what}

использование: ${app} [--config ФАЙЛ] [--lang ru|en]
  --config ФАЙЛ   файл настроек INI (по умолчанию config/${app}.ini)
  --student ФАЙЛ  кто сдаёт работу: ФИО, группа, вариант (по умолчанию файл
                  из MIRROR_LAB_STUDENT, иначе config/student.ini)
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
  // The student's identity (config/student.ini): the one line every program prints while the example is in use.
  student: {
    notFound: (file: string, env: string) => `${file}: файл студента не найден (проверьте --student или ${env})`,
    exampleInUse: (value: string, studentFile: string) =>
      `Используется встроенный пример «${value}»: впишите свои ФИО, группу и вариант в ${studentFile}`,
    exampleInConfig: (value: string, key: string, configFile: string, studentFile: string) =>
      `Используется встроенный пример «${value}» из ${key} в ${configFile}: удалите этот ключ и впишите свои ФИО и группу в ${studentFile}`,
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
export type Widen<T> = T extends (...args: infer A) => string
  ? (...args: A) => string
  : T extends string
    ? string
    : T extends readonly (infer U)[]
      ? Widen<U>[]
      : T extends object
        ? { [K in keyof T]: Widen<T[K]> }
        : T;

export type Catalogue = Widen<typeof ru>;
