"""mirror-lab client: sends the student's name to a mirror server and logs it.

The client connects to the server named in its config file, waits
``client.send_after_ms``, sends ``client.message`` (the student's full name and
group), waits for the mirrored reply, repeats ``client.messages`` times every
``client.interval_ms``, stays connected ``client.linger_ms`` more, and
disconnects. Every step goes to an append-only log file, one event per line:

    2026-11-24T14:03:07.123+03:00 client[4242] SENT msg="Титов Юрий Павлович"

Run it (Python 3.8 or newer, standard library only):

    python3 client.py                       # config.ini beside this file
    python3 clients/python/client.py --config my.ini --lang en
    py clients\\python\\client.py              # Windows

Without ``--config`` the client reads ``config.ini`` from this file's own
directory, wherever it is started from; a relative ``log.file`` is relative to
the current directory, as for the TypeScript client.

The student's name and group come from ``config/student.ini``, the one file
every program of the kit reads: the default ``client.message`` is
"<name> <group>" (``client.message`` in the config file still wins). The file
is ``--student FILE`` if given, else the one ``MIRROR_LAB_STUDENT`` names,
else ``config/student.ini`` in the current directory, else
``../../config/student.ini`` relative to this script (the kit's own, found
from anywhere); with none of them the built-in example is used. While the
example name is in use, the client says so in one line at start.

With a class board set (``[board] url`` and ``code``, or ``--board URL --code
CODE``, as the class session prints them with ``--host`` and ``--port``), the
client sends this run's log lines and its ``[server]`` settings to the board
after the session, and says whether the board took them. A board that is down,
slow or refusing costs one warning line and never changes the exit code.

What the client prints is only a view of the log: a terminal stopped with
Ctrl-S or a pipe nobody reads never holds up the run; lines it cannot take
are dropped and counted (see "The console" below).

Exit code: 0 when every reply arrived (also when the server ends the session
afterwards, while the client lingers), 1 on any failure (refused, timed out,
closed by the server before a reply), 2 on a configuration or command-line
error, 130 when interrupted (Ctrl-C). Messages are in Russian; ``--lang en``
or ``MIRROR_LAB_LANG=en`` switches them to English.
"""

from __future__ import annotations

import _thread
import argparse
import configparser
import dataclasses
import errno
import json
import os
import re
import signal
import socket
import stat
import sys
import threading
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Deque, Dict, List, NoReturn, Optional, Sequence, TextIO, Tuple, Union

VERSION = "0.1.0"
# The same <app> as the TypeScript client: both play the same role and write
# the same events, so the lab report and any reader treat their logs alike.
APP = "client"
DEFAULT_CONFIG = Path(__file__).resolve().parent / "config.ini"
# Where the student's file is looked for (see the module docstring).
STUDENT_FILE = Path("config") / "student.ini"
KIT_STUDENT_FILE = Path(__file__).resolve().parent.parent.parent / "config" / "student.ini"
STUDENT_ENV = "MIRROR_LAB_STUDENT"
EXAMPLE_NAME = "Титов Юрий Павлович"
EXAMPLE_GROUP = "М3О-3ХХБ-ХХ"
LANGUAGES = ("ru", "en")

MAX_CONFIG_BYTES = 1024 * 1024
# A reply is our message (at most 64 KiB) mirrored plus a signature; a longer
# line is not a reply, and reading it whole would let a server fill our memory.
MAX_REPLY_BYTES = 1024 * 1024
# Blocking calls wait in short slices so that Ctrl-C is noticed on Windows too,
# where a blocked socket call does not return for a signal.
WAIT_SLICE_S = 0.25
# After our FIN, how long to wait for the server to close its side.
CLOSE_WAIT_S = 2.0
# How long the class board has to take the log: a board that is down or slow
# costs the student at most this.
BOARD_TIMEOUT_S = 5.0
# The board refuses more; reading more of a runaway log only to be refused helps nobody.
MAX_SENT_BYTES = 1024 * 1024 + 1


# --- Messages ---------------------------------------------------------------

FIREWALL_COMMANDS = (
    "sudo firewall-cmd --zone=public --add-port={port}/tcp --permanent"
    " && sudo firewall-cmd --reload"
)

MESSAGES: Dict[str, Dict[str, str]] = {
    "en": {
        "help.description": "Sends the student's name to a mirror-lab server and logs the exchange.",
        "help.usage": "usage: ",
        "help.options": "options",
        "help.config": "config file (default: config.ini beside client.py)",
        "help.student": "who hands the lab in: name, group, variant (default: the file MIRROR_LAB_STUDENT names, "
                        "else config/student.ini here, else the kit's config/student.ini)",
        "student.not_found": "{file}: student file not found (check --student or MIRROR_LAB_STUDENT)",
        "student.example_in_use": "The built-in example \"{value}\" is in use: put your name, group and variant in {file}",
        "student.example_in_config": "The built-in example \"{value}\" is in use, from client.message in {config}: "
                                     "remove that key and put your name and group in {file}",
        "help.lang": "language of messages: ru or en (default ru, or MIRROR_LAB_LANG)",
        "help.help": "show this help and exit",
        "help.version": "show the version and exit",
        "help.host": "the server's address (instead of [server] host in the file)",
        "help.port": "the server's port (instead of [server] port)",
        "help.board": "the class board: send this run's log there after the session (instead of [board] url)",
        "help.code": "the session code shown on the board (instead of [board] code)",
        "cli.bad_value": "{flag} = {shown}: {allowed}",
        # A bad command line, in the TypeScript client's words (one line, then its usage).
        "cli.usage": "{problem} (usage: {PROG} [--config FILE] [--lang ru|en] [--host ADDR] [--port N] [--board URL] [--code CODE])",
        "cli.unknown_option": "Unknown option '{option}'",
        "cli.missing_value": "Option '{option}' needs a value",
        "cli.positional": "Unexpected argument '{arg}': options are written as --name value",
        "cli.bad_lang": "{what}: must be one of ru, en",
        "allowed.url": "must be the class board's address, like http://10.0.0.1:8080 (or blank: the log is sent nowhere)",
        "board.taken": "the board {url} took the log: {message}",
        "board.refused": "warning: the board {url} did not take the log (HTTP {status}): {message}",
        "board.not_board": "warning: what answered at {url} is not a class board (HTTP {status}): check --board or [board] url",
        "board.unreachable": (
            "warning: the board {url} cannot be reached ({detail}); the log stays in its file: upload it on the board's page"
        ),
        "board.timeout": (
            "warning: the board {url} did not answer within {seconds} s; the log stays in its file:"
            " upload it on the board's page"
        ),
        "board.cannot_read": "warning: cannot read the log {file} for the board ({detail})",
        "cli.error": "bad command line: {detail}; see --help",
        "config.not_found": "{file}: config file not found (pass --config FILE)",
        "config.directory": "{file}: is a directory, not a config file",
        "config.not_regular": "{file}: is a FIFO or a socket, not a file: settings are read from a regular file",
        "config.unreadable": "{file}: cannot read config file ({detail})",
        "config.too_big": (
            "{file}: is larger than {limit} bytes, too large for a config file (the shipped ones are about 2 KB);"
            " is it the right file?"
        ),
        "config.not_utf8": (
            "{at}not valid UTF-8 (byte 0x{byte:02X} at column {column}; is the file in Windows-1251 or another"
            " code page?); save it as UTF-8 (Notepad: File → Save as → Encoding: UTF-8)"
        ),
        "config.utf16": (
            '{file}: is saved as UTF-16 ("Unicode"), not UTF-8; save it as UTF-8 (Notepad: File → Save as → Encoding: UTF-8)'
        ),
        "config.not_text": (
            "{at}holds a NUL byte: this is not a text file; save it as UTF-8 (Notepad: File → Save as → Encoding: UTF-8)"
        ),
        "config.cut": '"{excerpt}…" ({length})',
        "config.permission_denied": "permission denied, {code}",
        # As the TypeScript apps say them: "<file>: line N: <what>".
        "config.at": "{file}: line {line}: ",
        "config.outside": "{at}key {key} stands outside any section; put it under one of {sections}",
        "config.unknown_section": "{at}unknown section [{section}]; allowed sections: {sections}",
        "config.unknown_key": "{at}unknown key {section}.{key}{near}; allowed in [{section}]: {keys}",
        "config.near_key": " (did you mean {key}? keys are lower-case)",
        "config.duplicate_key": "{at}key {section}.{key} given twice (first on line {first}); keep one of them",
        "config.duplicate_section": (
            "{at}section [{section}] given twice (first on line {first}); put all its keys under one [{section}]"
        ),
        "config.bad_line": "{file}: line {line} is neither [section] nor key = value: {text}",
        "config.bad_value": "{at}{section}.{key} = {shown}: {allowed}",
        "config.no_value": "(no value)",
        "allowed.int": "must be a whole number from {low} to {high}",
        "allowed.host": "must be a host name or an IP address (e.g. 0.0.0.0, 127.0.0.1, lab-server.local)",
        "allowed.text": "must be non-empty text on one line, at most {limit} bytes",
        # The system's error, by errno name, in this language (the OS's own text is English).
        "os.EACCES": "permission denied",
        "os.EPERM": "operation not permitted",
        "os.ENOENT": "no such file or directory (or the directory cannot be created there)",
        "os.ENOTDIR": "a part of the path is a file, not a directory",
        "os.EISDIR": "that path is a directory",
        "os.EROFS": "the file system is read-only",
        "os.ENOSPC": "no space left on the device",
        "os.EDQUOT": "the disk quota is used up",
        "os.ENAMETOOLONG": "the path is too long",
        "os.EIO": "input/output error",
        "os.ECONNRESET": "the connection was reset by the server",
        "os.ECONNABORTED": "the connection was aborted",
        "os.EPIPE": "the connection was closed by the server",
        "os.EADDRNOTAVAIL": "that address is not available on this machine",
        "os.ENETDOWN": "the network is down",
        "log.cannot_open": "cannot open log file {file} for appending: {detail}",
        # What a student can act on, for the ways opening the log fails (the TypeScript apps' words).
        "log.open.EACCES": "permission denied (EACCES)",
        "log.open.EPERM": "permission denied (EPERM)",
        "log.open.EROFS": "the file system is read-only (EROFS)",
        "log.open.EISDIR": "that path is a directory (EISDIR)",
        "log.open.ENOENT": (
            "a directory on that path does not exist and cannot be made there (ENOENT; /proc or /sys, say,"
            " hold no files): put log.file on an ordinary disk, e.g. logs/<app>.log"
        ),
        # makedirs says EEXIST and open says ENOTDIR when a file stands where a directory should be.
        "log.open.EEXIST": "a part of the path is a file, not a directory (ENOTDIR)",
        "log.open.ENOTDIR": "a part of the path is a file, not a directory (ENOTDIR)",
        "log.open.ENOSPC": "no space left on the device (ENOSPC)",
        "log.open.ENAMETOOLONG": "the path is too long (ENAMETOOLONG)",
        "log.open.ENXIO": "that path is a FIFO or a socket, not a regular file (ENXIO)",
        "log.not_regular.directory": "that path is a directory, not a regular file",
        "log.not_regular.fifo": "that path is a FIFO (named pipe), not a regular file",
        "log.not_regular.socket": "that path is a socket, not a regular file",
        "log.not_regular.device": "that path is a device, not a regular file",
        "log.not_regular.other": "that path is not a regular file",
        "log.cannot_write": "cannot write to log file {file}: {detail}; events are being lost",
        "log.lost": "{count} {events} could not be written to {file}",
        "fail.refused": (
            "connection refused by {where}: nothing listens there. Is the server running,"
            " and is server.port in {source} the port it printed?"
        ),
        "fail.firewall": (
            "if the server runs on another machine, its firewall may block the port; on the server run: "
            + FIREWALL_COMMANDS
            + " (check with: sudo firewall-cmd --list-all)"
        ),
        "fail.connect_timeout": (
            "no answer from {where} within {ms} ms: the machine may be off or unreachable, or {firewall}"
        ),
        "fail.unreachable": (
            "no route to {where} ({code}): check server.host in {source}"
            " and that both machines are on one network; {firewall}"
        ),
        "fail.resolve": 'cannot resolve the host name "{host}": check server.host in {source} (an IP address works too)',
        "fail.connect": "cannot connect to {where}: {detail}",
        "fail.reply_timeout": (
            "no reply within {ms} ms, though the server accepted the connection: it was most likely waiting"
            " in the server's queue (an iterative server such as server-sync serves one client at a time,"
            " each for a few seconds, so with 30 at once the last wait over a minute) or the server's work"
            " is slow; run the client again, or raise client.reply_timeout_ms in {source} (e.g. to 180000)"
        ),
        "fail.closed": (
            "the server closed the connection before replying: it may have ended the session"
            " (session.max_ms or session.idle_ms on the server) or been stopped"
        ),
        "fail.reset": "the server reset the connection",
        "fail.unexpected": "unexpected failure: {detail}",
        "fail.connection": "connection error: {detail}",
        "fail.server_error": "the server answered with an error: {line}{hint}",
        "fail.hint_busy": " (its queue of waiting clients is full; try again later)",
        "fail.hint_too_long": " (shorten client.message)",
        "fail.reply_too_long": (
            "the server sent more than {limit} {bytes} without a line end: is it a mirror-lab server?"
        ),
        "interrupted": "interrupted",
        "say.connecting": "connecting to {server}…",
        "say.connected": "connected to {server} (local address {local})",
        "say.sent": "sent{n}: {msg}",
        "say.received": "reply{n}: {msg}",
        "say.n": " ({i} of {total})",
        "say.unexpected": "the server sent a line while no reply was awaited: {msg}",
        "say.server_closed": "the server closed the connection after the last reply",
        "say.disconnected": "disconnected from {server}",
        "say.done": "done: {replies}. Log: {file}",
        "say.cut": "… ({more}; the whole text is in the log {file})",
        "plural.more_chars": "{n} more character|{n} more characters",
        "plural.chars": "{n} character|{n} characters",
        "plural.replies": "received {n} reply|received {n} replies",
        "plural.bytes": "byte|bytes",
        "plural.events": "event|events",
        "console.dropped": "... {lines}: the terminal was not taking output (Ctrl-S? Ctrl-Q resumes it); every event is in the log file",
        "plural.console_lines": "{n} console line dropped|{n} console lines dropped",
    },
    "ru": {
        "help.description": "Отправляет ФИО студента серверу mirror-lab и ведёт лог обмена.",
        "help.usage": "использование: ",
        "help.options": "параметры",
        "help.config": "файл настроек (по умолчанию config.ini рядом с client.py)",
        "help.student": "кто сдаёт работу: ФИО, группа, вариант (по умолчанию файл из MIRROR_LAB_STUDENT, "
                        "иначе config/student.ini в текущем каталоге, иначе config/student.ini комплекта)",
        "student.not_found": "{file}: файл студента не найден (проверьте --student или MIRROR_LAB_STUDENT)",
        "student.example_in_use": "Используется встроенный пример «{value}»: впишите свои ФИО, группу и вариант в {file}",
        "student.example_in_config": "Используется встроенный пример «{value}» из client.message в {config}: "
                                     "удалите этот ключ и впишите свои ФИО и группу в {file}",
        "help.lang": "язык сообщений: ru или en (по умолчанию ru или MIRROR_LAB_LANG)",
        "help.help": "показать эту справку и выйти",
        "help.version": "показать версию и выйти",
        "help.host": "адрес сервера (вместо [server] host из файла)",
        "help.port": "порт сервера (вместо [server] port)",
        "help.board": "табло занятия: после сеанса отправить туда свой лог (вместо [board] url)",
        "help.code": "код занятия, показанный на табло (вместо [board] code)",
        "cli.bad_value": "{flag} = {shown}: {allowed}",
        "cli.usage": (
            "{problem} (использование: {PROG} [--config ФАЙЛ] [--lang ru|en] [--host АДРЕС] [--port N] [--board URL]"
            " [--code КОД])"
        ),
        "cli.unknown_option": "неизвестный параметр '{option}'",
        "cli.missing_value": "параметру '{option}' нужно значение",
        "cli.positional": "лишний аргумент '{arg}': параметры пишутся как --имя значение",
        "cli.bad_lang": "{what}: нужно одно из: ru, en",
        "allowed.url": "нужен адрес табло занятия вида http://10.0.0.1:8080 (или пусто — лог никуда не отправляется)",
        "board.taken": "табло {url} приняло лог: {message}",
        "board.refused": "предупреждение: табло {url} не приняло лог (HTTP {status}): {message}",
        "board.not_board": (
            "предупреждение: по адресу {url} ответило не табло занятия (HTTP {status}): проверьте --board или [board] url"
        ),
        "board.unreachable": (
            "предупреждение: табло {url} недоступно ({detail}); лог остался в файле — загрузите его на странице табло"
        ),
        "board.timeout": (
            "предупреждение: табло {url} не ответило за {seconds} с; лог остался в файле —"
            " загрузите его на странице табло"
        ),
        "board.cannot_read": "предупреждение: лог {file} не прочитан для табло ({detail})",
        "cli.error": "неверная командная строка: {detail}; см. --help",
        "config.not_found": "{file}: файл настроек не найден (укажите его: --config ФАЙЛ)",
        "config.directory": "{file}: это каталог, а не файл настроек",
        "config.not_regular": "{file}: это канал FIFO или сокет, а не файл: настройки читаются из обычного файла",
        "config.unreadable": "{file}: не удаётся прочитать файл настроек ({detail})",
        "config.too_big": (
            "{file}: больше {limit} байт — слишком велик для файла настроек (поставляемые занимают около 2 КБ);"
            " тот ли это файл?"
        ),
        "config.not_utf8": (
            "{at}не UTF-8 (байт 0x{byte:02X} в столбце {column}; может быть, файл в Windows-1251 или другой"
            " кодировке?); сохраните его в UTF-8 (Блокнот: Файл → Сохранить как → Кодировка: UTF-8)"
        ),
        "config.utf16": (
            "{file}: сохранён в UTF-16 («Юникод»), а не в UTF-8; сохраните его в UTF-8"
            " (Блокнот: Файл → Сохранить как → Кодировка: UTF-8)"
        ),
        "config.not_text": (
            "{at}содержит байт NUL: это не текстовый файл; сохраните его в UTF-8"
            " (Блокнот: Файл → Сохранить как → Кодировка: UTF-8)"
        ),
        "config.cut": '"{excerpt}…" ({length})',
        "config.permission_denied": "нет прав на чтение, {code}",
        "config.at": "{file}: строка {line}: ",
        "config.outside": "{at}ключ {key} стоит вне секции; поместите его в одну из секций {sections}",
        "config.unknown_section": "{at}неизвестная секция [{section}]; допустимые секции: {sections}",
        "config.unknown_key": "{at}неизвестный ключ {section}.{key}{near}; в [{section}] допустимы: {keys}",
        "config.near_key": " (может быть, {key}? ключи пишутся строчными буквами)",
        "config.duplicate_key": "{at}ключ {section}.{key} указан дважды (первый раз в строке {first}); оставьте один",
        "config.duplicate_section": (
            "{at}секция [{section}] указана дважды (первый раз в строке {first}); соберите все её ключи в одной [{section}]"
        ),
        "config.bad_line": "{file}: строка {line} — не [раздел] и не ключ = значение: {text}",
        "config.bad_value": "{at}{section}.{key} = {shown}: {allowed}",
        "config.no_value": "(нет значения)",
        "allowed.int": "нужно целое число от {low} до {high}",
        "allowed.host": "нужно имя хоста или IP-адрес (например, 0.0.0.0, 127.0.0.1, lab-server.local)",
        "allowed.text": "нужен непустой текст в одну строку, не больше {limit} байт",
        "os.EACCES": "нет прав доступа",
        "os.EPERM": "операция не разрешена",
        "os.ENOENT": "нет такого файла или каталога (или каталог там нельзя создать)",
        "os.ENOTDIR": "часть пути — файл, а не каталог",
        "os.EISDIR": "по этому пути каталог",
        "os.EROFS": "файловая система только для чтения",
        "os.ENOSPC": "на устройстве нет места",
        "os.EDQUOT": "исчерпана дисковая квота",
        "os.ENAMETOOLONG": "слишком длинный путь",
        "os.EIO": "ошибка ввода-вывода",
        "os.ECONNRESET": "сервер сбросил соединение",
        "os.ECONNABORTED": "соединение прервано",
        "os.EPIPE": "сервер закрыл соединение",
        "os.EADDRNOTAVAIL": "этого адреса нет на этой машине",
        "os.ENETDOWN": "сеть не работает",
        "log.cannot_open": "не удаётся открыть лог-файл {file} для дописывания: {detail}",
        "log.open.EACCES": "нет прав (EACCES)",
        "log.open.EPERM": "нет прав (EPERM)",
        "log.open.EROFS": "файловая система только для чтения (EROFS)",
        "log.open.EISDIR": "по этому пути каталог (EISDIR)",
        "log.open.ENOENT": (
            "каталога на этом пути нет и создать его там нельзя (ENOENT; например, /proc или /sys — не для файлов):"
            " укажите log.file на обычном диске, например logs/<программа>.log"
        ),
        "log.open.EEXIST": "часть пути — файл, а не каталог (ENOTDIR)",
        "log.open.ENOTDIR": "часть пути — файл, а не каталог (ENOTDIR)",
        "log.open.ENOSPC": "на устройстве нет места (ENOSPC)",
        "log.open.ENAMETOOLONG": "слишком длинный путь (ENAMETOOLONG)",
        "log.open.ENXIO": "по этому пути FIFO или сокет, а не обычный файл (ENXIO)",
        "log.not_regular.directory": "по этому пути каталог, а не обычный файл",
        "log.not_regular.fifo": "по этому пути FIFO (именованный канал), а не обычный файл",
        "log.not_regular.socket": "по этому пути сокет, а не обычный файл",
        "log.not_regular.device": "по этому пути устройство, а не обычный файл",
        "log.not_regular.other": "по этому пути не обычный файл",
        "log.cannot_write": "не удаётся писать в лог-файл {file}: {detail}; события теряются",
        "log.lost": "{count} {events} не удалось записать в {file}",
        "fail.refused": (
            "{where} отказал в соединении: там никто не слушает. Запущен ли сервер и совпадает ли"
            " server.port в {source} с портом, который он напечатал?"
        ),
        "fail.firewall": (
            "если сервер на другой машине, его брандмауэр может закрывать порт; на сервере выполните: "
            + FIREWALL_COMMANDS
            + " (проверка: sudo firewall-cmd --list-all)"
        ),
        "fail.connect_timeout": (
            "{where} не ответил за {ms} мс: машина может быть выключена или недоступна, или {firewall}"
        ),
        "fail.unreachable": (
            "нет маршрута до {where} ({code}): проверьте server.host в {source}"
            " и что обе машины в одной сети; {firewall}"
        ),
        "fail.resolve": "не удаётся найти адрес узла «{host}»: проверьте server.host в {source} (подойдёт и IP-адрес)",
        "fail.connect": "не удаётся подключиться к {where}: {detail}",
        "fail.reply_timeout": (
            "нет ответа за {ms} мс, хотя сервер принял соединение: скорее всего, клиент ждал в очереди"
            " сервера (итеративный сервер, как server-sync, обслуживает клиентов по одному, каждого несколько"
            " секунд, и при 30 сразу последние ждут больше минуты) или работа сервера идёт долго; запустите"
            " клиента снова или увеличьте client.reply_timeout_ms в {source} (например, до 180000)"
        ),
        "fail.closed": (
            "сервер закрыл соединение, не ответив: он мог завершить сеанс"
            " (session.max_ms или session.idle_ms на сервере) или был остановлен"
        ),
        "fail.reset": "сервер сбросил соединение",
        "fail.unexpected": "непредвиденная ошибка: {detail}",
        "fail.connection": "ошибка соединения: {detail}",
        "fail.server_error": "сервер ответил ошибкой: {line}{hint}",
        "fail.hint_busy": " (его очередь ожидающих клиентов заполнена; попробуйте позже)",
        "fail.hint_too_long": " (сократите client.message)",
        "fail.reply_too_long": (
            "сервер прислал больше {limit} {bytes} без конца строки: это сервер mirror-lab?"
        ),
        "interrupted": "прервано",
        "say.connecting": "подключаюсь к {server}…",
        "say.connected": "подключено к {server} (локальный адрес {local})",
        "say.sent": "отправлено{n}: {msg}",
        "say.received": "ответ{n}: {msg}",
        "say.n": " ({i} из {total})",
        "say.unexpected": "сервер прислал строку, когда ответа не ждали: {msg}",
        "say.server_closed": "сервер закрыл соединение после последнего ответа",
        "say.disconnected": "отключено от {server}",
        "say.done": "готово: {replies}. Лог: {file}",
        "say.cut": "… (ещё {more}; целиком — в логе {file})",
        "plural.more_chars": "{n} символ|{n} символа|{n} символов",
        "plural.chars": "{n} символ|{n} символа|{n} символов",
        "plural.replies": "получен {n} ответ|получено {n} ответа|получено {n} ответов",
        "plural.bytes": "байт|байта|байт",
        "plural.events": "событие|события|событий",
        "console.dropped": (
            "... {lines}: терминал не принимал вывод (Ctrl-S? Ctrl-Q продолжает); все события есть в лог-файле"
        ),
        "plural.console_lines": (
            "{n} строка консоли пропущена|{n} строки консоли пропущены|{n} строк консоли пропущено"
        ),
    },
}


def plural(lang: str, n: int, forms: str) -> str:
    """Picks the form of ``forms`` ("one|other", or "one|few|many" in Russian) for ``n``."""
    variants = forms.split("|")
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            form = variants[0]
        elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            form = variants[1]
        else:
            form = variants[2]
    else:
        form = variants[0] if n == 1 else variants[1]
    return form.format(n=n)


class Texts:
    """The messages of one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.table = MESSAGES[lang]

    def __call__(self, message_id: str, **values: object) -> str:
        return self.table[message_id].format(**values)

    def plural(self, message_id: str, n: int) -> str:
        return plural(self.lang, n, self.table[message_id])


# --- Configuration ----------------------------------------------------------


class ConfigError(Exception):
    """A configuration or command-line problem: one line for the user, exit code 2."""


@dataclass(frozen=True)
class IntKey:
    default: int
    low: int
    high: int
    # ``key =`` with nothing after it keeps the default (a field that may be left blank).
    blank_is_default: bool = False


@dataclass(frozen=True)
class HostKey:
    default: str


@dataclass(frozen=True)
class TextKey:
    default: str
    max_bytes: int
    blank_is_default: bool = False


@dataclass(frozen=True)
class UrlKey:
    """The address of a web service (the class board): http:// or https://."""

    default: str
    max_bytes: int
    blank_is_default: bool = False


KeySpec = Union[IntKey, HostKey, TextKey, UrlKey]
DAY_MS = 86_400_000

# The same keys, defaults and ranges as the TypeScript client's CLIENT_SCHEMA
# (libs/common/src/config/config.schema.ts); a test compares the two.
SCHEMA: Dict[str, Dict[str, KeySpec]] = {
    "server": {
        "host": HostKey("127.0.0.1"),
        "port": IntKey(12345, 1, 65535),
    },
    "client": {
        "message": TextKey(f"{EXAMPLE_NAME} {EXAMPLE_GROUP}", 65536),
        "send_after_ms": IntKey(1000, 0, DAY_MS),
        "messages": IntKey(1, 1, 1_000_000),
        "interval_ms": IntKey(1000, 0, DAY_MS),
        "linger_ms": IntKey(500, 0, DAY_MS),
        "connect_timeout_ms": IntKey(5000, 1, DAY_MS),
        "reply_timeout_ms": IntKey(60_000, 1, DAY_MS),
    },
    "log": {
        "file": TextKey("logs/client.log", 4096),
    },
    # The class session's board: a blank url means the log stays here.
    "board": {
        "url": UrlKey("", 2048, blank_is_default=True),
        "code": TextKey("", 64, blank_is_default=True),
    },
}


# config/student.ini, as libs/common/src/config/student.ts reads it (a blank
# default means "not given"); the client uses the name and the group, and
# checks the rest so that a mistake there is caught by every program alike.
COURSE_FIELD = TextKey("", 512, blank_is_default=True)
STUDENT_SCHEMA: Dict[str, Dict[str, KeySpec]] = {
    "student": {
        "name": TextKey(EXAMPLE_NAME, 256),
        "group": TextKey(EXAMPLE_GROUP, 64),
        "variant": IntKey(0, 1, 999, blank_is_default=True),
    },
    "course": {key: COURSE_FIELD for key in ("university", "department", "discipline", "teacher", "city", "year")},
}


@dataclass(frozen=True)
class Student:
    name: str
    group: str
    # The file read; None when there was none and the built-in example is used.
    file: Optional[str]

    @property
    def message(self) -> str:
        """The default ``client.message``: "<name> <group>"."""
        return f"{self.name} {self.group}"

    @property
    def is_example(self) -> bool:
        return self.name == EXAMPLE_NAME or self.group == EXAMPLE_GROUP


EXAMPLE_STUDENT = Student(EXAMPLE_NAME, EXAMPLE_GROUP, None)


def find_student_file(given: Optional[str], env: Dict[str, str]) -> Optional[str]:
    """--student, else MIRROR_LAB_STUDENT, else config/student.ini here, else the kit's own; None if none exists."""
    named = given or env.get(STUDENT_ENV) or None
    if named is not None:
        return named
    for candidate in (STUDENT_FILE, KIT_STUDENT_FILE):
        if candidate.is_file():
            return str(candidate)
    return None


def load_student(path: Optional[str], texts: Texts) -> Student:
    """The student from ``path`` (validated like the config file), or the built-in example when there is none."""
    if path is None:
        return EXAMPLE_STUDENT
    if not os.path.exists(path):
        raise ConfigError(texts("student.not_found", file=path))
    values = parse_ini(read_config_text(path, texts), path, texts, STUDENT_SCHEMA)
    return Student(str(values["student"]["name"]), str(values["student"]["group"]), path)


def example_notice(config: "ClientConfig", student: Student, texts: Texts) -> Optional[str]:
    """The one start-up line while the built-in example is sent; None when the student's own name is."""
    file = student.file or str(STUDENT_FILE)
    if config.message == student.message and student.is_example:
        return texts("student.example_in_use", value=config.message, file=file)
    if config.message == EXAMPLE_STUDENT.message:
        return texts("student.example_in_config", value=config.message, config=config.source, file=file)
    return None


@dataclass(frozen=True)
class ClientConfig:
    source: str
    host: str
    port: int
    message: str
    send_after_ms: int
    messages: int
    interval_ms: int
    linger_ms: int
    connect_timeout_ms: int
    reply_timeout_ms: int
    log_file: str
    board_url: str = ""
    board_code: str = ""


# JavaScript's String.prototype.trim() set, so that a value means the same to
# both clients (Python's str.strip() also eats some control characters).
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
INT_RE = re.compile(r"[+-]?[0-9]+")
HOST_NAME_RE = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?"
)
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def load_config(path: str, texts: Texts, student: Student = EXAMPLE_STUDENT) -> ClientConfig:
    """Reads, parses and validates the config file; raises ConfigError with one line.

    ``client.message`` left out is the student's "<name> <group>".
    """
    text = read_config_text(path, texts)
    values = parse_ini(text, path, texts, defaults={"client": {"message": student.message}})
    return ClientConfig(
        source=path,
        host=values["server"]["host"],
        port=values["server"]["port"],
        message=values["client"]["message"],
        send_after_ms=values["client"]["send_after_ms"],
        messages=values["client"]["messages"],
        interval_ms=values["client"]["interval_ms"],
        linger_ms=values["client"]["linger_ms"],
        connect_timeout_ms=values["client"]["connect_timeout_ms"],
        reply_timeout_ms=values["client"]["reply_timeout_ms"],
        log_file=values["log"]["file"],
        board_url=values["board"]["url"],
        board_code=values["board"]["code"],
    )


def read_config_text(path: str, texts: Texts) -> str:
    """The file's text: UTF-8, with or without a BOM, and of a config file's size."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise ConfigError(texts("config.directory", file=path))
        # Opening a FIFO waits for a writer that may never come; a device is
        # read like a file, to the size limit (/dev/null is an empty config).
        if stat.S_ISFIFO(info.st_mode) or stat.S_ISSOCK(info.st_mode):
            raise ConfigError(texts("config.not_regular", file=path))
        with open(path, "rb") as file:
            data = file.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(texts("config.not_found", file=path)) from None
    except OSError as error:
        code = errno.errorcode.get(error.errno or 0)
        detail = texts("config.permission_denied", code=code) if code in ("EACCES", "EPERM") else code or str(error)
        raise ConfigError(texts("config.unreadable", file=path, detail=detail)) from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(texts("config.too_big", file=path, limit=MAX_CONFIG_BYTES))
    return decode_config_text(data, path, texts)


def decode_config_text(data: bytes, path: str, texts: Texts) -> str:
    """UTF-8 without its BOM; UTF-16, a NUL byte or another code page refused with the TypeScript apps' words."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ConfigError(texts("config.utf16", file=path))
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    nul = body.find(b"\0")
    if nul >= 0:  # UTF-16 without a BOM is mostly NUL bytes, and still valid UTF-8
        at = texts("config.at", file=path, line=body.count(b"\n", 0, nul) + 1)
        raise ConfigError(texts("config.not_text", at=at))
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = body.rfind(b"\n", 0, error.start) + 1
        column = len(body[line_start:error.start].decode("utf-8")) + 1
        at = texts("config.at", file=path, line=body.count(b"\n", 0, error.start) + 1)
        raise ConfigError(texts("config.not_utf8", at=at, byte=body[error.start], column=column)) from None


def make_ini_parser() -> configparser.ConfigParser:
    """A ConfigParser that reads the syntax of the ``ini`` npm package the TypeScript apps use."""
    parser = configparser.ConfigParser(
        delimiters=("=",),
        comment_prefixes=(";", "#"),
        # Inline comments are cut by ini_value(), which knows about quotes.
        inline_comment_prefixes=None,
        strict=True,  # a key or section given twice is an error
        interpolation=None,  # a % in a name is just a %
        allow_no_value=True,
        # No section may inherit keys from a [DEFAULT]: such a section is unknown here.
        default_section="\0default",
    )
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    space = "[" + JS_SPACE + "]*"
    # [ server ] is [server], so that it also counts as a second [server].
    parser.SECTCRE = re.compile(r"\[" + space + r"(?P<header>[^]]*?)" + space + r"\]" + space + "$")
    return parser


def parse_ini(text: str, path: str, texts: Texts, schema: Optional[Dict[str, Dict[str, KeySpec]]] = None,
              defaults: Optional[Dict[str, Dict[str, object]]] = None) -> Dict[str, Dict[str, object]]:
    """Validates INI text against ``schema`` (SCHEMA by default); a key left out takes ``defaults``' value, else its own."""
    schema = SCHEMA if schema is None else schema
    # Each line stands alone: an indented line is not a continuation of the
    # previous value (as it would be in configparser), and a lone CR ends a line.
    lines = [line.lstrip(JS_SPACE) for line in re.split(r"\r\n|\r|\n", text)]
    parser = make_ini_parser()
    sections = ", ".join(schema)

    def at(line: Optional[int]) -> str:
        return f"{path}: " if line is None else texts("config.at", file=path, line=line)

    try:
        parser.read_file(lines, source=path)
    except configparser.MissingSectionHeaderError as error:
        key = ini_value(error.line.split("=", 1)[0])
        listed = ", ".join(f"[{name}]" for name in schema)
        raise ConfigError(texts("config.outside", at=at(error.lineno), key=shown_name(key, texts), sections=listed)) from None
    except configparser.DuplicateOptionError as error:
        first = line_of(parser, lines, str(error.section), str(error.option))
        raise ConfigError(texts("config.duplicate_key", at=at(error.lineno), section=error.section, key=error.option,
                                first=first)) from None
    except configparser.DuplicateSectionError as error:
        first = line_of(parser, lines, str(error.section))
        raise ConfigError(texts("config.duplicate_section", at=at(error.lineno), section=error.section,
                                first=first)) from None
    except configparser.ParsingError as error:
        line_number, line = error.errors[0]
        raise ConfigError(texts("config.bad_line", file=path, line=line_number, text=shorten(line))) from None

    values = {section: {key: spec.default for key, spec in keys.items()} for section, keys in schema.items()}
    for section, given in (defaults or {}).items():
        values[section].update(given)
    found = [parser.default_section] if parser.defaults() else []
    for section in found + parser.sections():
        name = section
        if name not in schema:
            raise ConfigError(texts("config.unknown_section", at=at(line_of(parser, lines, name)), section=shown_name(name, texts),
                                    sections=sections))
        for raw_key, raw_value in parser.items(section, raw=True):
            key = ini_value(raw_key)
            spec = schema[name].get(key)
            if spec is None:
                allowed = ", ".join(schema[name])
                near = next((k for k in schema[name] if k.lower() == key.strip().lower()), None)
                raise ConfigError(texts("config.unknown_key", at=at(line_of(parser, lines, name, raw_key)), section=name,
                                        key=shown_name(key, texts), near=texts("config.near_key", key=near) if near else "",
                                        keys=allowed))
            value = None if raw_value is None else ini_value(raw_value)
            if getattr(spec, "blank_is_default", False) and value == "":
                continue
            typed = parse_value(value, spec)
            if typed is None:
                shown = texts("config.no_value") if value is None else shown_value(value, texts)
                raise ConfigError(texts("config.bad_value", at=at(line_of(parser, lines, name, raw_key)), section=name,
                                        key=key, shown=shown, allowed=describe(spec, texts)))
            values[name][key] = typed
    return values


def line_of(parser: configparser.ConfigParser, lines: List[str], section: str,
            raw_key: Optional[str] = None) -> Optional[int]:
    """The number of the first line that opens ``section`` or, with ``raw_key``, holds that key in it."""
    current = None
    for number, line in enumerate(lines, 1):
        header = parser.SECTCRE.match(line)
        if header:
            current = header.group("header")
            if raw_key is None and current == section:
                return number
        elif raw_key is not None and current == section and line[:1] not in ("", ";", "#"):
            if line.split("=", 1)[0].rstrip(JS_SPACE) == raw_key:
                return number
    return None


def ini_value(raw: str) -> str:
    """A value as the ``ini`` package reads it: quoted, or cut at the first unescaped ; or #."""
    text = raw.strip(JS_SPACE)
    if text and text[0] == text[-1] and text[0] in "\"'":
        inner = text[1:-1] if text[0] == "'" else text
        try:
            decoded = json.loads(inner)
        except ValueError:
            return inner
        return decoded if isinstance(decoded, str) else inner
    out: List[str] = []
    escaped = False
    for char in text:
        if escaped:
            out.append(char if char in "\\;#" else "\\" + char)
            escaped = False
        elif char in ";#":
            break
        elif char == "\\":
            escaped = True
        else:
            out.append(char)
    if escaped:
        out.append("\\")
    return "".join(out).strip(JS_SPACE)


def parse_value(value: Optional[str], spec: KeySpec) -> Union[int, str, None]:
    """The typed value of one key, or None when the value is not allowed."""
    text = None if value is None else value.strip(JS_SPACE)
    if text is None:
        return None
    if isinstance(spec, IntKey):
        # A length check first: int() of 100000 digits is slow, and refused since Python 3.11.
        if len(text) <= 20 and INT_RE.fullmatch(text) and spec.low <= int(text) <= spec.high:
            return int(text)
    elif isinstance(spec, HostKey):
        if is_host(text):
            return text
    elif isinstance(spec, UrlKey):
        if utf8_length(text) <= spec.max_bytes and is_web_url(text):
            return text
    elif text and not CONTROL_RE.search(text) and utf8_length(text) <= spec.max_bytes:
        return text
    return None


def describe(spec: KeySpec, texts: Texts) -> str:
    """What a key allows, for the error message."""
    if isinstance(spec, IntKey):
        return texts("allowed.int", low=spec.low, high=spec.high)
    if isinstance(spec, HostKey):
        return texts("allowed.host")
    if isinstance(spec, UrlKey):
        return texts("allowed.url")
    # After "не больше" a count of bytes takes "байт" (every limit here is 2 or more).
    return texts("allowed.text", limit=spec.max_bytes)


def is_host(text: str) -> bool:
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in text else socket.AF_INET, text.split("%", 1)[0])
        return True
    except (OSError, ValueError):
        return bool(HOST_NAME_RE.fullmatch(text))


WEB_URL_RE = re.compile(r"https?://[^\s/?#]", re.IGNORECASE)


def is_web_url(text: str) -> bool:
    """An http:// or https:// address with a host and no user name or password (the client prints it)."""
    if not WEB_URL_RE.match(text) or re.search(r"[\x00-\x20\x7f]", text):
        return False
    try:
        parts = urllib.parse.urlsplit(text)
        parts.port  # a bad port raises ValueError
    except ValueError:
        return False
    return bool(parts.hostname) and parts.username is None and parts.password is None


def utf8_length(text: str) -> int:
    # A lone surrogate (from a "\ud800" escape) cannot be sent; count it as too long.
    try:
        return len(text.encode("utf-8"))
    except UnicodeEncodeError:
        return sys.maxsize


# How many characters of a user's text an error shows (counted as JavaScript
# counts them, in UTF-16 units, so that both clients cut in the same place).
SHOWN_VALUE_UNITS = 60
# Invisible or line-breaking characters, shown as \\uXXXX in an excerpt.
INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064"
                       "\u2066-\u206f\ufeff]")


def utf16_units(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def shown_value(text: str, texts: "Texts") -> str:
    """A user's text as a quoted, escaped excerpt of at most SHOWN_VALUE_UNITS, as the TypeScript apps show it."""
    cut, units = "", 0
    for char in text:
        width = 2 if ord(char) > 0xFFFF else 1
        if units + width > SHOWN_VALUE_UNITS:
            break
        cut, units = cut + char, units + width
    escaped = re.sub(r'[\\"]', lambda m: "\\" + m.group(), cut)
    escaped = INVISIBLE.sub(lambda m: "\\u{:04x}".format(ord(m.group())), escaped)
    if cut == text:
        return f'"{escaped}"'
    return texts("config.cut", excerpt=escaped, length=texts.plural("plural.chars", utf16_units(text)))


def shown_name(text: str, texts: "Texts") -> str:
    """A section or key the user wrote: bare when plain, else an excerpt."""
    return text if re.fullmatch(r"[A-Za-z0-9_.-]{1,60}", text) else shown_value(text, texts)


def shorten(text: str, limit: int = 80) -> str:
    """Keeps error messages one readable line, however long the bad value."""
    text = CONTROL_RE.sub("\ufffd", text)
    return text if len(text) <= limit else text[:limit] + "…"


# --- The console ------------------------------------------------------------
#
# The console is only a view of the log, and the client never waits for it. A
# terminal stopped with Ctrl-S (or by a mouse selection in a Windows console)
# or a pipe nobody reads would otherwise block the next print(), and with it
# the whole exchange: nothing sent, no reply read, nothing logged. So a line
# for the console goes to a queue, and a thread of its own writes the queue
# out. Past CONSOLE_BACKLOG_BYTES waiting, lines are dropped and counted; once
# the queue is written out, one line says how many. At exit the console gets
# CONSOLE_EXIT_WAIT_S to catch up. The log file is written apart from all this
# and holds every event, whatever the console did.

CONSOLE_BACKLOG_BYTES = 64 * 1024
CONSOLE_EXIT_WAIT_S = 0.5
CONSOLE_RETRY_S = 0.05

# A text longer than this is shown cut on the console; the log has it whole.
SHOWN_CHARS = 1000
# Characters a terminal would act on instead of showing: C0 and C1 controls
# (ESC starts a colour or cursor sequence, CR overwrites the line), DEL, and
# the marks that turn text around (U+202E shows "abc" as "cba"). The tab is
# left: it only moves the cursor on. The same set as the TypeScript client's
# (apps/client/src/client-console.ts), so both show a reply alike.
ACTS_ON_TERMINAL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown_char(match: "re.Match[str]") -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown_text(text: str, log_file: str, texts: "Texts") -> str:
    """``text`` as one console line: every character as it is, except those a
    terminal would act on, shown as ``\\xNN`` or ``\\uNNNN``; past SHOWN_CHARS
    characters the rest is cut and the line says how much."""
    safe = ACTS_ON_TERMINAL.sub(shown_char, text[:SHOWN_CHARS])
    if len(text) <= SHOWN_CHARS:
        return safe
    more = texts.plural("plural.more_chars", len(text) - SHOWN_CHARS)
    return safe + texts("say.cut", more=more, file=log_file)


class ConsoleTarget:
    """sys.stdout or sys.stderr as the console writer uses it: bytes in the stream's encoding, written raw."""

    def __init__(self, stream: Optional[TextIO]) -> None:
        self.stream = stream
        self.encoding = getattr(stream, "encoding", None) or "utf-8"
        # The raw file under the stream's buffer (the buffer itself under
        # python -u), not the stream: a thread blocked in a buffered write
        # holds the buffer's lock, and the interpreter's exit then aborts. In
        # a Windows console the raw file writes Unicode, as print() does.
        buffer = getattr(stream, "buffer", None)
        self.raw = getattr(buffer, "raw", buffer)
        self.writer: Optional["ConsoleWriter"] = None  # set by Console when there is a file
        # Two streams on one terminal or file share a writer, so they keep their order.
        self.file_key: Optional[Tuple[int, int]] = None
        try:
            info = os.fstat(self.raw.fileno())  # type: ignore[union-attr]
            self.file_key = (info.st_dev, info.st_ino) if info.st_ino else None
        except (AttributeError, OSError, ValueError):
            self.raw = None  # no file under it (a test's StringIO): written at once, it cannot block

    def encode(self, text: str) -> bytes:
        """Text as print() would write it: the stream's line ends, "?" for what its encoding lacks."""
        return text.replace("\n", os.linesep).encode(self.encoding, errors="replace")

    def write(self, data: bytes) -> None:
        """Writes all of ``data``; this is the call that waits while the terminal is stopped."""
        while data:
            written = self.raw.write(data)  # type: ignore[union-attr]
            if not written:
                # A file someone else made non-blocking is full: wait as a blocking write would.
                time.sleep(CONSOLE_RETRY_S)
                continue
            data = data[written:]


class ConsoleWriter:
    """A queue of console lines and the thread that writes it out to one terminal, pipe or file."""

    def __init__(self, notice: Callable[[int], str], backlog_bytes: int) -> None:
        self.notice = notice  # the line saying how many lines were dropped
        self.backlog_bytes = backlog_bytes
        self.changed = threading.Condition()
        # A line stays in the queue until it is written: an empty queue means all is out.
        self.queue: Deque[Tuple[ConsoleTarget, bytes]] = deque()
        self.queued_bytes = 0
        self.dropped = 0
        self.dropped_on: Optional[ConsoleTarget] = None
        threading.Thread(target=self._write_queued, name="console", daemon=True).start()

    def put(self, target: ConsoleTarget, text: str) -> bool:
        """Queues ``text`` (whole lines) for ``target``, or drops and counts it past the backlog; False if dropped."""
        with self.changed:
            if self.queued_bytes >= self.backlog_bytes:
                self.dropped += text.count("\n") or 1
                self.dropped_on = target
                return False
            self._append(target, target.encode(text))
        return True

    def drain(self, deadline: float) -> bool:
        """Waits until every queued line is written or ``deadline`` (time.monotonic()) passes; whether all is out."""
        with self.changed:
            while self.queue:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.changed.wait(remaining)
        return True

    def _append(self, target: ConsoleTarget, data: bytes) -> None:
        self.queue.append((target, data))
        self.queued_bytes += len(data)
        self.changed.notify_all()

    def _write_queued(self) -> None:
        while True:
            with self.changed:
                while not self.queue:
                    self.changed.wait()
                target, data = self.queue[0]
            try:
                target.write(data)
            except OSError:
                pass  # the reader is gone (a closed pipe): there is no one to show it to
            with self.changed:
                self.queue.popleft()
                self.queued_bytes -= len(data)
                if not self.queue and self.dropped_on is not None:
                    self._append(self.dropped_on, self.dropped_on.encode(self.notice(self.dropped) + "\n"))
                    self.dropped, self.dropped_on = 0, None
                self.changed.notify_all()


class Console:
    """The client's stdout and stderr, never waited for (see above); ``texts`` may change once --lang is read."""

    def __init__(self, texts: "Texts", stdout: Optional[TextIO], stderr: Optional[TextIO],
                 backlog_bytes: int = CONSOLE_BACKLOG_BYTES) -> None:
        self.texts = texts
        self.out_target, self.err_target = ConsoleTarget(stdout), ConsoleTarget(stderr)
        self.writers: Dict[object, ConsoleWriter] = {}
        for target in (self.out_target, self.err_target):
            if target.raw is not None:
                key = target.file_key or id(target)
                if key not in self.writers:
                    self.writers[key] = ConsoleWriter(self.dropped_line, backlog_bytes)
                target.writer = self.writers[key]

    def out(self, text: str) -> None:
        """One line to stdout."""
        self._say(self.out_target, text + "\n")

    def err(self, text: str) -> None:
        """One line to stderr."""
        self._say(self.err_target, text + "\n")

    def dropped_line(self, n: int) -> str:
        return self.texts("console.dropped", lines=self.texts.plural("plural.console_lines", n))

    def close(self, wait_s: float = CONSOLE_EXIT_WAIT_S) -> bool:
        """Gives the console up to ``wait_s`` to write out what it holds; whether it did (then the process may end)."""
        deadline = time.monotonic() + wait_s
        try:
            return all([writer.drain(deadline) for writer in self.writers.values()])
        except KeyboardInterrupt:
            return False  # Ctrl-C while waiting: we are ending anyway

    @staticmethod
    def _say(target: ConsoleTarget, text: str) -> None:
        if target.writer is not None:
            target.writer.put(target, text)
        elif target.stream is not None:  # in memory (a test's StringIO); None: no console at all (pythonw)
            target.stream.write(text)
            target.stream.flush()


# --- The event log ----------------------------------------------------------

BARE_RE = re.compile(r"[A-Za-z0-9._:/@+\-,\[\]]+")
# Escaped as \uXXXX like in the TypeScript log: controls, format characters
# (bidi, zero-width, tags), private-use, unassigned, surrogates and the line
# and paragraph separators. So one event is always one line, and a message can
# neither forge a line nor reorder what a terminal shows.
ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"})
SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def format_value(value: Union[str, int]) -> str:
    """A field value: bare if it is made of safe characters, else a JSON string."""
    text = str(value)
    if BARE_RE.fullmatch(text):
        return text
    return '"' + "".join(escape_char(char) for char in text) + '"'


def escape_char(char: str) -> str:
    short = SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    if unicodedata.category(char) not in ESCAPED_CATEGORIES:
        return char
    code = ord(char)
    if code > 0xFFFF:  # JSON has only \uXXXX escapes: write the UTF-16 pair
        code -= 0x10000
        return "\\u{:04x}\\u{:04x}".format(0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF))
    return "\\u{:04x}".format(code)


def timestamp() -> str:
    """Local time, ISO 8601 with milliseconds and UTC offset: 2026-11-24T14:03:07.123+03:00."""
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


class LogError(Exception):
    """The log file cannot be opened: exit code 1."""


def error_detail(error: OSError, texts: Texts) -> str:
    """The system's error in the user's language: known errno names from the texts, others as the OS says them."""
    name = errno.errorcode.get(error.errno or 0)
    if name is None:
        return str(error.strerror or error)
    return f"{texts.table.get('os.' + name, error.strerror)} ({name})"


def not_regular_kind(mode: int) -> str:
    """What stands where the log file should be: directory, fifo, socket, device or other."""
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "other"


class EventLog:
    """The append-only event log of docs/spec.md#6-logs: ``<time> client[<pid>] EVENT key=value ...``."""

    def __init__(self, path: str, texts: Texts, console: Console) -> None:
        self.path = path
        self.texts = texts
        self.console = console
        self.pid = os.getpid()
        self.lost = 0
        # After a write that stopped half-way, the next line starts on a new line.
        self.torn = False
        try:
            directory = os.path.dirname(path)
            if directory:
                os.makedirs(directory, exist_ok=True)
            if os.path.exists(path) and not stat.S_ISREG(os.stat(path).st_mode):
                kind = not_regular_kind(os.stat(path).st_mode)
                raise LogError(texts("log.cannot_open", file=path, detail=texts("log.not_regular." + kind)))
            # Unbuffered, in append mode: each event is one write at the end of
            # the file, in UTF-8 whatever the console's code page.
            self.file = open(path, "ab", buffering=0)
        except OSError as error:
            name = errno.errorcode.get(error.errno or 0, "")
            detail = texts.table.get("log.open." + name) or error_detail(error, texts)
            raise LogError(texts("log.cannot_open", file=path, detail=detail)) from None

    def event(self, name: str, **fields: Union[str, int, None]) -> None:
        body = "".join(f" {key}={format_value(value)}" for key, value in fields.items() if value is not None)
        data = f"{timestamp()} {APP}[{self.pid}] {name}{body}\n".encode("utf-8")
        skip = 1 if self.torn else 0
        if self.torn:
            data = b"\n" + data
        written = 0
        try:
            while written < len(data):
                written += self.file.write(data[written:]) or 0
            self.torn = False
        except OSError as error:
            self.torn = written > skip or (self.torn and written == 0)
            if self.lost == 0:
                detail = error_detail(error, self.texts)
                self.console.err(f"{PROG}: {self.texts('log.cannot_write', file=self.path, detail=detail)}")
            self.lost += 1

    def close(self) -> None:
        self.file.close()


# --- The exchange -----------------------------------------------------------


class ClientFailure(Exception):
    """A failure explained in words a student can act on; ``reason`` goes to DISCONNECTED."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class ServerGone(Exception):
    """The server ended the connection: closed it (EOF), or reset it."""

    def __init__(self, reset: bool) -> None:
        super().__init__("reset" if reset else "closed")
        self.reset = reset


def address(host: str, port: int) -> str:
    """host:port, with an IPv6 address in brackets: [::1]:12345."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


UNREACHABLE = {errno.EHOSTUNREACH, errno.ENETUNREACH, getattr(errno, "WSAEHOSTUNREACH", -1),
               getattr(errno, "WSAENETUNREACH", -1)}
TIMED_OUT = {errno.ETIMEDOUT, getattr(errno, "WSAETIMEDOUT", -1)}


def connect(config: ClientConfig, texts: Texts) -> socket.socket:
    """Connects to the server, turning each way it can fail into words a student can act on."""
    where = address(config.host, config.port)
    firewall = texts("fail.firewall", port=config.port)
    try:
        sock = socket.create_connection((config.host, config.port), timeout=config.connect_timeout_ms / 1000)
    except socket.timeout:
        raise ClientFailure(texts("fail.connect_timeout", where=where, ms=config.connect_timeout_ms,
                                  firewall=firewall), "timeout") from None
    except ConnectionRefusedError:
        raise ClientFailure(texts("fail.refused", where=where, source=config.source), "refused") from None
    except socket.gaierror:
        raise ClientFailure(texts("fail.resolve", host=config.host, source=config.source), "unreachable") from None
    except OSError as error:
        if error.errno in UNREACHABLE:
            code = errno.errorcode.get(error.errno or 0, str(error.errno))
            raise ClientFailure(texts("fail.unreachable", where=where, code=code, source=config.source,
                                      firewall=firewall), "unreachable") from None
        if error.errno in TIMED_OUT:
            raise ClientFailure(texts("fail.connect_timeout", where=where, ms=config.connect_timeout_ms,
                                      firewall=firewall), "timeout") from None
        raise ClientFailure(texts("fail.connect", where=where, detail=error_detail(error, texts)), "error") from None
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


class LineSocket:
    """A connected socket read line by line (UTF-8, LF-terminated); every wait has a deadline."""

    def __init__(self, sock: socket.socket, texts: Texts) -> None:
        self.sock = sock
        self.texts = texts
        self.buffer = bytearray()
        self.eof = False

    def send_line(self, text: str, timeout_s: float) -> None:
        self.sock.settimeout(timeout_s)
        try:
            self.sock.sendall(text.encode("utf-8") + b"\n")
        except ConnectionError:
            raise ServerGone(reset=True) from None

    def read_line(self, deadline: float) -> Optional[str]:
        """The next non-empty line, or None if none has arrived by ``deadline`` (time.monotonic())."""
        while True:
            line = self._take_line()
            if line:
                return line
            if line is not None:
                continue  # an empty line is no message
            if self.eof:
                raise ServerGone(reset=False)
            remaining = deadline - time.monotonic()
            try:
                # With no time left this still takes what has already arrived.
                self.sock.settimeout(max(0.0, min(remaining, WAIT_SLICE_S)))
                chunk = self.sock.recv(65536)
            except (socket.timeout, BlockingIOError):
                if remaining <= 0:
                    return None
                continue
            except ConnectionError:
                raise ServerGone(reset=True) from None
            if not chunk:
                self.eof = True
            self.buffer += chunk
            if b"\n" not in self.buffer and len(self.buffer) > MAX_REPLY_BYTES:
                raise ClientFailure(self.texts("fail.reply_too_long", limit=MAX_REPLY_BYTES,
                                               bytes=self.texts.plural("plural.bytes", MAX_REPLY_BYTES)), "error")

    def _take_line(self) -> Optional[str]:
        end = self.buffer.find(b"\n")
        if end < 0:
            # A line ends with its LF (docs/spec.md#1-wire-protocol): text the server closed on
            # before its LF is no reply, as in the TypeScript client.
            return None
        raw = bytes(self.buffer[:end])
        del self.buffer[:end + 1]
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        # A character split across two reads is whole here: lines are cut as bytes.
        return raw.decode("utf-8", errors="replace")

    def finish(self) -> None:
        """Sends our FIN; reading on until the server's FIN means no reset is sent."""
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server is already gone


def clock() -> str:
    """The time a console line starts with: 14:03:07.123."""
    return datetime.now().strftime("%H:%M:%S.%f")[:-3]


class Session:
    """One run of the client (docs/spec.md#4-clients): connect, pause, send, wait for the reply, linger, disconnect."""

    def __init__(self, config: ClientConfig, log: EventLog, texts: Texts, console: Console,
                 control: Optional[StopControl] = None) -> None:
        self.config = config
        self.log = log
        self.texts = texts
        self.console = console
        self.control = control
        self.conn: Optional[LineSocket] = None
        self.replies = 0

    def run(self) -> int:
        """Runs the whole session; returns the exit code."""
        try:
            if self.control is not None:
                self.control.arm()
            self.connect()
            self.pause(self.config.send_after_ms)
            for i in range(1, self.config.messages + 1):
                self.exchange(i)
                if i < self.config.messages:
                    self.pause(self.config.interval_ms)
            self.linger_and_disconnect()
            self.say(self.texts("say.done", replies=self.texts.plural("plural.replies", self.replies),
                                file=self.log.path))
            return 0
        except ClientFailure as failure:
            return self.fail(failure)
        except ServerGone as gone:
            message = self.texts("fail.reset") if gone.reset else self.texts("fail.closed")
            return self.fail(ClientFailure(message, "error" if gone.reset else "server-closed"))
        except KeyboardInterrupt:
            self.log.event("DISCONNECTED", reason="interrupted")
            self.console.err(f"{PROG}: {self.texts('interrupted')}")
            return 130
        except OSError as error:
            return self.fail(ClientFailure(self.texts("fail.connection", detail=error_detail(error, self.texts)), "error"))
        except Exception as error:  # a bug: still end the log with ERROR and DISCONNECTED
            return self.fail(ClientFailure(self.texts("fail.unexpected", detail=repr(error)), "error"))
        finally:
            if self.control is not None:
                self.control.disarm()
            if self.conn is not None:
                self.conn.sock.close()

    def connect(self) -> None:
        server = address(self.config.host, self.config.port)
        self.say(self.texts("say.connecting", server=server))
        sock = connect(self.config, self.texts)
        self.conn = LineSocket(sock, self.texts)
        host, port = sock.getsockname()[:2]
        local = address(host, port)
        self.log.event("CONNECTED", server=server, local=local)
        self.say(self.texts("say.connected", server=server, local=local))

    def pause(self, ms: int) -> None:
        """Waits ``ms``; lines that arrive meanwhile answer no request and do not end the wait."""
        assert self.conn is not None
        deadline = time.monotonic() + ms / 1000
        while True:
            line = self.conn.read_line(deadline)
            if line is None:
                return
            self.unexpected(line)

    def unexpected(self, line: str) -> None:
        # An error line while replies are still due (e.g. "ERROR server busy"
        # right after connecting) ends the run: no reply will come.
        if line.startswith("ERROR ") and self.replies < self.config.messages:
            raise self.server_error(line)
        self.log.event("UNEXPECTED", msg=line)
        self.say(self.texts("say.unexpected", msg=self.shown(line)))

    def exchange(self, i: int) -> None:
        """Sends the message once and waits for its reply."""
        assert self.conn is not None
        c = self.config
        # Whatever the server sent before this request is not its reply.
        self.pause(0)
        self.conn.send_line(c.message, c.reply_timeout_ms / 1000)
        n = i if c.messages > 1 else None
        shown_n = self.texts("say.n", i=i, total=c.messages) if n else ""
        self.log.event("SENT", msg=c.message, n=n)
        self.say(self.texts("say.sent", n=shown_n, msg=self.shown(c.message)))
        reply = self.conn.read_line(time.monotonic() + c.reply_timeout_ms / 1000)
        if reply is None:
            raise ClientFailure(self.texts("fail.reply_timeout", ms=c.reply_timeout_ms, source=c.source), "timeout")
        if reply.startswith("ERROR "):
            raise self.server_error(reply)
        self.replies += 1
        self.log.event("RECEIVED", msg=reply, n=n)
        self.say(self.texts("say.received", n=shown_n, msg=self.shown(reply)))

    def linger_and_disconnect(self) -> None:
        """Stays connected ``linger_ms`` more; every reply has arrived, so the server may end it now."""
        assert self.conn is not None
        try:
            self.pause(self.config.linger_ms)
        except ServerGone:
            self.log.event("DISCONNECTED", reason="server-closed")
            self.say(self.texts("say.server_closed"))
            return
        self.conn.finish()
        try:
            # The server answers our FIN with its own; what it sends until then is logged.
            self.pause(int(CLOSE_WAIT_S * 1000))
        except ServerGone:
            pass
        self.log.event("DISCONNECTED", reason="done")
        self.say(self.texts("say.disconnected", server=address(self.config.host, self.config.port)))

    def server_error(self, line: str) -> ClientFailure:
        hint = ""
        if line.startswith("ERROR server busy"):
            hint = self.texts("fail.hint_busy")
        elif line.startswith("ERROR line too long"):
            hint = self.texts("fail.hint_too_long")
        return ClientFailure(self.texts("fail.server_error", line=line, hint=hint), "server-error")

    def fail(self, failure: ClientFailure) -> int:
        self.log.event("ERROR", what=str(failure))
        self.log.event("DISCONNECTED", reason=failure.reason)
        # The server's own words may be in it (an ERROR line): shown safe, as a reply is.
        self.console.err(f"{PROG}: {self.shown(str(failure))}")
        return 1

    def shown(self, text: str) -> str:
        """A text that came from outside (a reply, the message, a server's error line), made safe for one console line."""
        return shown_text(text, self.log.path, self.texts)

    def say(self, text: str) -> None:
        self.console.out(f"{clock()} {text}")


# --- The class board --------------------------------------------------------
#
# After the session the client sends its log to the class session's board
# (npm run class): POST <board>/api/uploads, the log's bytes as the body, the
# session code, the client's kind and its [server] settings in headers. Only
# this run's lines are sent: the log file is append-only and holds every
# earlier run, which the board would try to match to this session's
# connections, and it grows past the board's 1 MiB limit.


def log_offset(path: str) -> int:
    """The log's size now (where this run's lines will begin); 0 if it does not exist yet."""
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def this_run_lines(path: str, offset: int, pid: Optional[int] = None) -> bytes:
    """The lines written from ``offset`` on by this process (``client[<pid>]``), not by another client sharing the file."""
    mine = f" {APP}[{os.getpid() if pid is None else pid}] ".encode()
    with open(path, "rb") as file:
        file.seek(offset)
        data = file.read(MAX_SENT_BYTES)
    lines = [line for line in data.split(b"\n") if mine in line and line.find(mine) == line.find(b" ")]
    return b"\n".join(lines) + b"\n" if lines else b""


def uploads_url(board: str) -> str:
    """The board's upload endpoint under the address the student was given (its path kept, query dropped)."""
    parts = urllib.parse.urlsplit(board)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path + "api/uploads", "", ""))


def header_value(text: str) -> str:
    """Printable ASCII as it is; anything else (a Cyrillic file name) and % percent-encoded (the board decodes it)."""
    return "".join(c if " " <= c <= "~" and c != "%" else urllib.parse.quote(c, safe="") for c in text)


def console_text(text: str) -> str:
    """What the board says goes to a terminal: one line, no control or bidi characters, bounded."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]", " ", text)[:500]


@dataclass(frozen=True)
class BoardOutcome:
    """What came of sending the log: ``taken``, ``refused``, ``not_board``, ``unreachable`` or ``timeout``."""

    kind: str
    status: int = 0
    message: str = ""
    error: str = ""
    detail: str = ""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A board does not redirect; following one would send the log elsewhere."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def post_log(board: str, code: str, server: str, file_name: str, body: bytes,
             timeout_s: float = BOARD_TIMEOUT_S) -> BoardOutcome:
    """POSTs the log to the board and says what came of it; never raises for a board that is down or refusing."""
    request = urllib.request.Request(uploads_url(board), data=body, method="POST", headers={
        "Content-Type": "text/plain; charset=utf-8",
        "X-Session-Code": header_value(code),
        "X-Client": "python",
        "X-Server": header_value(server),
        "X-File-Name": header_value(file_name),
    })
    # No proxy from the environment: the board is on the room's network.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect())
    try:
        with opener.open(request, timeout=timeout_s) as response:
            status, data = response.status, response.read(65536)
    except urllib.error.HTTPError as error:
        status, data = error.code, error.read(65536)
    except urllib.error.URLError as error:
        if isinstance(error.reason, socket.timeout):
            return BoardOutcome("timeout")
        return BoardOutcome("unreachable", detail=reason_text(error.reason))
    except socket.timeout:
        return BoardOutcome("timeout")
    except (OSError, ValueError) as error:  # a reset while reading the answer, a malformed address
        return BoardOutcome("unreachable", detail=reason_text(error))
    try:
        answer = json.loads(data.decode("utf-8"))
    except ValueError:
        answer = None
    if not isinstance(answer, dict) or not isinstance(answer.get("message"), str):
        return BoardOutcome("not_board", status)
    message = console_text(answer["message"])
    if status == 201:
        return BoardOutcome("taken", status, message)
    if 400 <= status < 500 and isinstance(answer.get("error"), str):
        return BoardOutcome("refused", status, message, console_text(answer["error"]))
    return BoardOutcome("not_board", status)


def reason_text(reason: object) -> str:
    """A system error's code (ECONNREFUSED), as the TypeScript client shows it; else its words."""
    if isinstance(reason, OSError) and reason.errno in errno.errorcode:
        return errno.errorcode[reason.errno]
    return console_text(str(getattr(reason, "strerror", None) or reason))


def outcome_line(outcome: BoardOutcome, board: str, texts: Texts, timeout_s: float = BOARD_TIMEOUT_S) -> Tuple[str, bool]:
    """The console's line for an outcome, and whether it is a warning (the log did not reach the board)."""
    if outcome.kind == "taken":
        return texts("board.taken", url=board, message=outcome.message), False
    if outcome.kind == "refused":
        return texts("board.refused", url=board, status=outcome.status, message=outcome.message), True
    if outcome.kind == "not_board":
        return texts("board.not_board", url=board, status=outcome.status), True
    if outcome.kind == "timeout":
        seconds = f"{timeout_s:.2f}".replace(".", "," if texts.lang == "ru" else ".")
        return texts("board.timeout", url=board, seconds=seconds), True
    return texts("board.unreachable", url=board, detail=outcome.detail), True


def send_log_to_board(config: ClientConfig, offset: int, texts: Texts) -> Tuple[str, bool]:
    """After the session, whatever its outcome: this run's log and [server] to the board; the console's line."""
    try:
        body = this_run_lines(config.log_file, offset)
    except OSError as error:
        return texts("board.cannot_read", file=config.log_file, detail=error_detail(error, texts)), True
    outcome = post_log(config.board_url, config.board_code, address(config.host, config.port),
                       os.path.basename(config.log_file), body)
    return outcome_line(outcome, config.board_url, texts)


# --- Command line -----------------------------------------------------------

PROG = "client.py"


class ArgumentParser(argparse.ArgumentParser):
    """Reports a bad command line as a ConfigError (one line, exit code 2)."""

    def error(self, message: str) -> NoReturn:
        raise ConfigError(message)


class CommandLineError(ConfigError):
    """argparse's complaint, taken apart so that it can be said in the chosen language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.unknown: Optional[str] = None
        self.missing: Optional[str] = None
        # argparse's own words, the same in Python 3.8 to 3.13.
        unknown = re.match(r"unrecognized arguments: (\S+)", message)
        missing = re.match(r"argument (?:\S+/)?(\S+): expected one argument", message)
        if unknown:
            self.unknown = unknown.group(1)
        elif missing:
            self.missing = missing.group(1)


class CommandLineParser(ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CommandLineError(message)


def command_line_problem(error: CommandLineError, texts: Texts) -> str:
    """The problem as the TypeScript client says it, with the usage; argparse's words only for anything else."""
    if error.unknown is not None:
        problem = texts("cli.unknown_option", option=error.unknown) if error.unknown.startswith("-") \
            else texts("cli.positional", arg=error.unknown)
    elif error.missing is not None:
        problem = texts("cli.missing_value", option=error.missing)
    else:
        return texts("cli.error", detail=error)
    return texts("cli.usage", problem=problem, PROG=PROG)


def choose_language(argv: Sequence[str]) -> str:
    """--lang, else MIRROR_LAB_LANG, else Russian; read first, so that --help is in that language."""
    early = ArgumentParser(add_help=False, allow_abbrev=False)
    early.add_argument("--lang")
    try:
        lang = early.parse_known_args(argv)[0].lang
    except ConfigError:
        lang = None  # the full parser reports it
    if lang in LANGUAGES:
        return lang
    env = os.environ.get("MIRROR_LAB_LANG", "").strip().lower()
    if env and env not in LANGUAGES:
        raise ConfigError(Texts("ru")("cli.bad_lang", what="MIRROR_LAB_LANG=" + json.dumps(env, ensure_ascii=False)))
    return env or "ru"


def parse_args(argv: Sequence[str], texts: Texts) -> argparse.Namespace:
    def formatter(prog: str) -> argparse.HelpFormatter:
        return UsageFormatter(prog, texts("help.usage"))

    parser = CommandLineParser(prog=PROG, description=texts("help.description"), add_help=False,
                            allow_abbrev=False, formatter_class=formatter)
    options = parser.add_argument_group(texts("help.options"))
    options.add_argument("-h", "--help", action="help", help=texts("help.help"))
    options.add_argument("--config", metavar="FILE", default=str(DEFAULT_CONFIG), help=texts("help.config"))
    options.add_argument("--student", metavar="FILE", help=texts("help.student"))
    options.add_argument("--lang", metavar="{ru,en}", help=texts("help.lang"))
    options.add_argument("--host", metavar="ADDR", help=texts("help.host"))
    options.add_argument("--port", metavar="N", help=texts("help.port"))
    options.add_argument("--board", metavar="URL", help=texts("help.board"))
    options.add_argument("--code", metavar="CODE", help=texts("help.code"))
    options.add_argument("--version", action="version", version=f"mirror-lab {PROG} {VERSION}",
                         help=texts("help.version"))
    try:
        args = parser.parse_args(argv)
    except CommandLineError as error:
        raise ConfigError(command_line_problem(error, texts)) from None
    if args.lang is not None and args.lang not in LANGUAGES:
        raise ConfigError(texts("cli.bad_lang", what="--lang " + json.dumps(args.lang, ensure_ascii=False)))
    return args


# The flags that stand for keys of the config file, so that the one command
# the class session prints works with the shipped file; a flag wins.
FLAG_KEYS = {"host": ("server", "host"), "port": ("server", "port"), "board": ("board", "url"),
             "code": ("board", "code")}
FLAG_FIELDS = {"host": "host", "port": "port", "board": "board_url", "code": "board_code"}


def apply_flags(config: ClientConfig, args: argparse.Namespace, texts: Texts) -> ClientConfig:
    """``config`` with --host, --port, --board, --code over its keys, each validated like its key."""
    changes: Dict[str, object] = {}
    for flag, (section, key) in FLAG_KEYS.items():
        value = getattr(args, flag, None)
        if value is None:
            continue
        spec = SCHEMA[section][key]
        if getattr(spec, "blank_is_default", False) and value.strip(JS_SPACE) == "":
            changes[FLAG_FIELDS[flag]] = spec.default
            continue
        typed = parse_value(value, spec)
        if typed is None:
            shown = shown_value(value, texts)
            raise ConfigError(texts("cli.bad_value", flag=f"--{flag}", shown=shown, allowed=describe(spec, texts)))
        changes[FLAG_FIELDS[flag]] = typed
    return dataclasses.replace(config, **changes) if changes else config


class UsageFormatter(argparse.HelpFormatter):
    """argparse's formatter with the "usage: " prefix in the chosen language."""

    def __init__(self, prog: str, prefix: str) -> None:
        super().__init__(prog)
        self.prefix = prefix

    def add_usage(self, usage: Optional[str], actions: object, groups: object, prefix: Optional[str] = None) -> None:
        super().add_usage(usage, actions, groups, prefix or self.prefix)  # type: ignore[arg-type]


def use_utf8_console() -> None:
    """Console text that the console's code page cannot show becomes "?" instead of a crash."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def interrupt(signum: int, frame: object) -> None:
    """SIGTERM ends the run like Ctrl-C: DISCONNECTED reason=interrupted is still written."""
    raise KeyboardInterrupt


# The parent (the lab, the class session) asks for the stop through stdin:
# Windows has no SIGTERM to send to a child, and a parent killed outright
# leaves only the end of our stdin behind. Same variable as the TypeScript apps.
CONTROL_ENV = "MIRROR_LAB_CONTROL"
STOP_LINE = b"stop"


def stdin_fd() -> Optional[int]:
    """Our stdin's file descriptor, or None when there is none (pythonw, a closed stdin)."""
    try:
        return sys.stdin.fileno() if sys.stdin is not None else None
    except (OSError, ValueError):
        return None


class StopControl:
    """With ``MIRROR_LAB_CONTROL=stdin``: a ``stop`` line or the end of stdin ends the run like Ctrl-C.

    A daemon thread reads stdin (a blocking read works the same on Windows)
    and interrupts the main thread while the session runs; the main thread
    waits in short slices, so it notices within a quarter second. The run is
    interrupted once: Ctrl-C reaches the lab and its children at once, and
    the lab's ``stop`` that follows must not cut short the first interrupt's
    logging.
    """

    def __init__(self, stdin_fd: Optional[int]) -> None:
        self.stdin_fd = stdin_fd
        self.lock = threading.Lock()
        self.armed = False
        self.asked = False
        self.interrupted = False

    @classmethod
    def from_env(cls) -> Optional["StopControl"]:
        """The control, if the parent asked for it; the variable is not passed on."""
        if os.environ.pop(CONTROL_ENV, "") != "stdin":
            return None
        control = cls(stdin_fd())
        signal.signal(signal.SIGINT, control.interrupt)
        threading.Thread(target=control._read, name="stop-control", daemon=True).start()
        return control

    def interrupt(self, signum: int, frame: object) -> None:
        """SIGINT, SIGTERM and the stop from stdin, in the main thread: the first one ends the run."""
        if self.interrupted:
            return
        self.interrupted = True
        raise KeyboardInterrupt

    def arm(self) -> None:
        """The session runs: a stop asked before now is acted on at once."""
        with self.lock:
            self.armed = True
            if self.asked:
                self.interrupt(signal.SIGINT, None)

    def disarm(self) -> None:
        with self.lock:
            self.armed = False

    def _read(self) -> None:
        # os.read on the descriptor, not sys.stdin: a daemon thread blocked in
        # sys.stdin's reader holds its lock, and the interpreter's exit then
        # aborts ("could not acquire lock ... at interpreter shutdown").
        pending = b""
        try:
            while self.stdin_fd is not None:
                chunk = os.read(self.stdin_fd, 4096)
                if not chunk:
                    break
                *lines, pending = (pending + chunk).split(b"\n")
                pending = pending[-64:]  # a line this long is no stop: memory stays bounded
                if any(line.strip() == STOP_LINE for line in lines):
                    break
        except OSError:
            pass  # a stdin that cannot be read: the parent is gone
        with self.lock:
            self.asked = True
            if self.armed:
                _thread.interrupt_main()  # runs self.interrupt in the main thread


def main(argv: Optional[Sequence[str]] = None) -> int:
    use_utf8_console()
    console = Console(Texts("ru"), sys.stdout, sys.stderr)
    try:
        return run(sys.argv[1:] if argv is None else list(argv), console)
    finally:
        console.close()


def run(args_list: List[str], console: Console) -> int:
    """The whole run, every line for the console through ``console``; returns the exit code."""
    try:
        texts = Texts(choose_language(args_list))
        args = parse_args(args_list, texts)
        if args.lang:
            texts = Texts(args.lang)
        console.texts = texts
        student = load_student(find_student_file(args.student, dict(os.environ)), texts)
        config = apply_flags(load_config(args.config, texts, student), args, texts)
        # Where this run's lines begin: only they go to the board.
        offset = log_offset(config.log_file)
        log = EventLog(config.log_file, texts, console)
    except ConfigError as error:
        console.err(f"{PROG}: {error}")
        return 2
    except LogError as error:
        console.err(f"{PROG}: {error}")
        return 1
    except KeyboardInterrupt:
        return 130
    notice = example_notice(config, student, texts)
    control = StopControl.from_env()
    previous = signal.signal(signal.SIGTERM, interrupt if control is None else control.interrupt)
    try:
        session = Session(config, log, texts, console, control)
        if notice is not None:
            session.say(notice)
        code = session.run()
    except KeyboardInterrupt:
        # A Ctrl-C (or stop) that landed while the session was already ending:
        # its DISCONNECTED is written, only the exit code is left to say.
        code = 130
    finally:
        signal.signal(signal.SIGTERM, previous)
        log.close()
    if config.board_url:
        # Also after a failure: the board shows why. Ctrl-C cuts this wait short.
        try:
            line, warn = send_log_to_board(config, offset, texts)
        except KeyboardInterrupt:
            return code or 130
        if warn:
            console.err(f"{PROG}: {line}")
        else:
            console.out(f"{clock()} {line}")
    if log.lost:
        events = texts.plural("plural.events", log.lost)
        console.err(f"{PROG}: {texts('log.lost', count=log.lost, events=events, file=log.path)}")
        return code or 1
    return code


if __name__ == "__main__":
    sys.exit(main())
