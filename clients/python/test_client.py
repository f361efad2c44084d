"""Unit tests of client.py: python3 -m unittest -v test_client (from this directory).

A real loopback server (a thread with a listening socket) stands in for the
mirror server wherever a real socket matters.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.server
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from datetime import datetime
import unittest
from unittest import mock
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import client

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LINE_RE = re.compile(r'^(\S+) ([a-z-]+)\[(\d+)\] ([A-Z_]+)((?: [a-z_]+=(?:"(?:[^"\\]|\\.)*"|[^ "]+))*)$')
FIELD_RE = re.compile(r' ([a-z_]+)=("(?:[^"\\]|\\.)*"|[^ "]+)')


def parse_log(path: str) -> List[Tuple[str, Dict[str, str]]]:
    """(event, fields) of every line; a line that does not parse fails the test (the TS parseLogLine's regex)."""
    records = []
    with open(path, encoding="utf-8") as file:
        text = file.read()
    assert text.endswith("\n"), text
    for line in text.splitlines():
        match = LINE_RE.match(line)
        assert match, f"line does not parse: {line!r}"
        fields = {k: json.loads(v) if v.startswith('"') else v for k, v in FIELD_RE.findall(match.group(5))}
        records.append((match.group(4), fields))
    return records


class LoopbackServer:
    """A one-connection server on 127.0.0.1; ``handler(conn)`` runs in a thread."""

    def __init__(self, handler: Callable[[socket.socket], None]) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.handler = handler
        self.error: Optional[BaseException] = None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self.listener.accept()
            with conn:
                self.handler(conn)
        except BaseException as error:  # reported by close()
            self.error = error

    def close(self) -> None:
        self.thread.join(10)
        self.listener.close()
        if self.error:
            raise self.error


def read_line(conn: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(1)
        if not chunk:
            break
        data += chunk
    return data


def mirror_reply(line: bytes) -> bytes:
    return line.decode("utf-8").rstrip("\n")[::-1].encode("utf-8") + b". signature\n"


class ClientRun(unittest.TestCase):
    """Helpers to run client.main() in this process with a config written from sections."""

    def setUp(self) -> None:
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        self.log_path = os.path.join(self.dir.name, "logs", "client.log")
        self.servers: List[LoopbackServer] = []
        # Messages are Russian unless a test asks for English.
        environ = mock.patch.dict(os.environ)
        environ.start()
        self.addCleanup(environ.stop)
        os.environ.pop("MIRROR_LAB_LANG", None)

    def tearDown(self) -> None:
        for server in self.servers:
            server.close()

    def write(self, text: str, name: str = "c.ini", encoding: str = "utf-8") -> str:
        path = os.path.join(self.dir.name, name)
        with open(path, "w", encoding=encoding, newline="") as file:
            file.write(text)
        return path

    def config(self, port: int, **client_keys: object) -> str:
        keys = {"send_after_ms": 0, "linger_ms": 0, "interval_ms": 0, **client_keys}
        body = "".join(f"{k} = {v}\n" for k, v in keys.items())
        return self.write(f"[server]\nhost = 127.0.0.1\nport = {port}\n[client]\n{body}[log]\nfile = {self.log_path}\n")

    def serve(self, handler: Callable[[socket.socket], None]) -> LoopbackServer:
        server = LoopbackServer(handler)
        self.servers.append(server)
        return server

    def run_client(self, *args: str) -> Tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = client.main(list(args))
        return code, out.getvalue(), err.getvalue()

    def log(self) -> List[Tuple[str, Dict[str, str]]]:
        return parse_log(self.log_path)


class ConfigTest(ClientRun):
    def load(self, text: str, lang: str = "en", encoding: str = "utf-8") -> client.ClientConfig:
        return client.load_config(self.write(text, encoding=encoding), client.Texts(lang))

    def refused(self, text: str, lang: str = "en", encoding: str = "utf-8") -> str:
        with self.assertRaises(client.ConfigError) as caught:
            self.load(text, lang, encoding)
        message = str(caught.exception)
        self.assertNotIn("\n", message)
        return message

    def test_should_read_the_shipped_configs_as_the_defaults(self) -> None:
        texts = client.Texts("en")
        for path in (HERE / "config.ini", ROOT / "config" / "client.ini"):
            config = client.load_config(str(path), texts)
            self.assertEqual(config.host, "127.0.0.1")
            self.assertEqual(config.port, 12345)
            self.assertEqual(config.message, "Титов Юрий Павлович М3О-3ХХБ-ХХ")
            self.assertEqual((config.send_after_ms, config.messages, config.interval_ms), (1000, 1, 1000))
            self.assertEqual((config.linger_ms, config.connect_timeout_ms, config.reply_timeout_ms), (500, 5000, 60000))
            self.assertEqual(config.log_file, "logs/client.log")

    def test_should_take_defaults_for_keys_left_out(self) -> None:
        config = self.load("[client]\nmessages = 3\n")
        self.assertEqual((config.messages, config.port, config.host), (3, 12345, "127.0.0.1"))

    def test_should_read_a_file_with_a_bom(self) -> None:
        self.assertEqual(self.load("\ufeff[server]\nport = 4242\n").port, 4242)

    def test_should_refuse_a_cp1251_file_and_suggest_utf8(self) -> None:
        message = self.refused("[client]\nmessage = Иванов\n", encoding="cp1251")
        self.assertIn("line 2: not valid UTF-8 (byte 0xC8 at column 11;", message)
        self.assertIn("save it as UTF-8", message)
        self.assertIn("UTF-8", self.refused("[client]\nmessage = Иванов\n", lang="ru", encoding="cp1251"))

    def test_should_refuse_a_key_given_twice(self) -> None:
        message = self.refused("[client]\nmessages = 1\nmessages = 2\n")
        self.assertIn("line 3: key client.messages given twice (first on line 2); keep one of them", message)

    def test_should_refuse_a_section_given_twice(self) -> None:
        self.assertIn("line 3: section [client] given twice (first on line 1)",
                      self.refused("[client]\nmessages = 1\n[client]\nlinger_ms = 0\n"))
        self.assertIn("line 3: section [client] given twice (first on line 1)",
                      self.refused("[client]\nmessages = 1\n[ client ]\nlinger_ms = 0\n"))
        self.assertEqual(self.load("[ server ]\nport = 7\n").port, 7)

    def test_should_refuse_an_unknown_key_or_section(self) -> None:
        self.assertIn("unknown key client.mesage; allowed in [client]: message,", self.refused("[client]\nmesage = x\n"))
        self.assertIn("unknown section [clients]; allowed sections: server, client, log", self.refused("[clients]\n"))
        self.assertIn("unknown section [DEFAULT]", self.refused("[DEFAULT]\nport = 1\n"))
        # Keys are case-sensitive, as in the TypeScript apps.
        self.assertIn("unknown key server.Port", self.refused("[server]\nPort = 1\n"))

    def test_should_refuse_a_key_outside_any_section(self) -> None:
        self.assertIn("line 1: key port stands outside any section; put it under one of [server], [client],",
                      self.refused("port = 1\n[server]\n"))

    def test_should_refuse_bad_values_naming_file_key_and_what_is_allowed(self) -> None:
        path = os.path.join(self.dir.name, "c.ini")
        self.assertEqual(
            self.refused("[client]\nmessages = 0\n"),
            f'{path}: line 2: client.messages = "0": must be a whole number from 1 to 1000000',
        )
        self.assertIn('server.port = "12a": must be a whole number', self.refused("[server]\nport = 12a\n"))
        self.assertIn('server.port = "70000"', self.refused("[server]\nport = 70000\n"))
        self.assertIn("server.port = (no value)", self.refused("[server]\nport\n"))
        self.assertIn("must be a host name or an IP address", self.refused("[server]\nhost = bad host!\n"))
        self.assertIn("must be non-empty text", self.refused("[client]\nmessage = ;only a comment\n"))
        self.assertIn("at most 65536 bytes", self.refused("[client]\nmessage = " + "я" * 40000 + "\n"))
        self.assertIn("нужно целое число от 1 до 1000000", self.refused("[client]\nmessages = 0\n", lang="ru"))

    def test_should_say_what_is_wrong_with_the_command_line_in_the_chosen_language_only(self) -> None:
        usage = {"ru": "(использование: client.py [--config ФАЙЛ] [--lang ru|en] [--host АДРЕС] [--port N] [--board URL]"
                       " [--code КОД])",
                 "en": "(usage: client.py [--config FILE] [--lang ru|en] [--host ADDR] [--port N] [--board URL]"
                       " [--code CODE])"}
        for args, ru, en in (
            (["--bogus"], "неизвестный параметр '--bogus'", "Unknown option '--bogus'"),
            (["extra"], "лишний аргумент 'extra': параметры пишутся как --имя значение",
             "Unexpected argument 'extra': options are written as --name value"),
            (["--config"], "параметру '--config' нужно значение", "Option '--config' needs a value"),
        ):
            for lang, problem in (("ru", ru), ("en", en)):
                os.environ["MIRROR_LAB_LANG"] = lang
                self.assertEqual(self.run_client(*args), (2, "", f"client.py: {problem} {usage[lang]}\n"))
        os.environ["MIRROR_LAB_LANG"] = "en"
        self.assertEqual(self.run_client("--lang", "xx")[2], 'client.py: --lang "xx": must be one of ru, en\n')
        self.assertEqual(self.run_client("--port", "0")[2], 'client.py: --port = "0": must be a whole number from 1 to 65535\n')
        os.environ["MIRROR_LAB_LANG"] = "xx"
        self.assertEqual(self.run_client()[2], 'client.py: MIRROR_LAB_LANG="xx": нужно одно из: ru, en\n')

    def test_should_keep_a_long_bad_value_out_of_the_message(self) -> None:
        self.assertLess(len(self.refused("[server]\nport = " + "9" * 100000 + "\n")), 300)

    def test_should_read_quotes_comments_and_escapes_as_the_ini_package_does(self) -> None:
        cases = {
            'message = "Иванов #5"': "Иванов #5",
            "message = 'Иванов ; 5'": "Иванов ; 5",
            'message = "quote\\" and \\u0436"': 'quote" and ж',
            "message = Иванов ; a comment": "Иванов",
            "message = Иванов # a comment": "Иванов",
            "message = Иванов#5": "Иванов",
            "message = a\\;b\\#c": "a;b#c",
            "message = 100% = done": "100% = done",
            "message = %(name)s": "%(name)s",
        }
        for line, expected in cases.items():
            with self.subTest(line=line):
                self.assertEqual(self.load(f"[client]\n{line}\n").message, expected)

    def test_should_read_an_indented_line_as_its_own_key_not_a_continuation(self) -> None:
        config = self.load("[client]\nmessage = Иванов\n    messages = 2\r\n\t; comment\r[server]\r  port = 7\n")
        self.assertEqual((config.message, config.messages, config.port), ("Иванов", 2, 7))

    def test_should_exit_2_with_one_line_for_a_missing_file(self) -> None:
        code, _, err = self.run_client("--config", os.path.join(self.dir.name, "none.ini"), "--lang", "en")
        self.assertEqual(code, 2)
        self.assertIn("none.ini: config file not found", err)
        self.assertEqual(err.count("\n"), 1)

    def test_should_refuse_a_directory_as_config(self) -> None:
        code, _, err = self.run_client("--config", self.dir.name)
        self.assertEqual(code, 2)
        self.assertIn("это каталог", err)


class StudentTest(ClientRun):
    """config/student.ini: the default message, where it is found, and the example notice."""

    def setUp(self) -> None:
        super().setUp()
        os.environ.pop(client.STUDENT_ENV, None)

    def student(self, text: str) -> client.Student:
        return client.load_student(self.write(text, "student.ini"), client.Texts("en"))

    def test_should_send_name_and_group_unless_the_config_sets_a_message(self) -> None:
        student = self.student("[student]\nname = Иванова Мария Петровна\ngroup = М3О-321Б-22\nvariant = 7\n")
        self.assertEqual(student.message, "Иванова Мария Петровна М3О-321Б-22")
        self.assertFalse(student.is_example)
        texts = client.Texts("en")
        self.assertEqual(client.load_config(self.write("[server]\n"), texts, student).message, student.message)
        self.assertEqual(client.load_config(self.write("[client]\nmessage = Своё\n"), texts, student).message, "Своё")
        shipped = client.load_config(str(HERE / "config.ini"), texts, student)
        self.assertEqual(shipped.message, student.message)

    def test_should_see_the_example_name_or_group(self) -> None:
        self.assertTrue(self.student("[student]\nname = Иванова Мария\n").is_example)
        self.assertTrue(self.student("[student]\ngroup = М3О-321Б-22\n").is_example)
        self.assertTrue(client.load_student(str(ROOT / "config" / "student.ini"), client.Texts("en")).is_example)

    def test_should_take_a_blank_variant_or_course_field_as_not_given(self) -> None:
        self.assertEqual(self.student("[student]\nname = Иванова Мария\nvariant =\n[course]\nteacher =\n").name, "Иванова Мария")

    def test_should_refuse_a_bad_variant_or_unknown_key_naming_file_and_key(self) -> None:
        for text, words in (
            ("[student]\nvariant = 0\n", "line 2: student.variant = \"0\": must be a whole number from 1 to 999"),
            ("[student]\nfio = x\n", "line 2: unknown key student.fio; allowed in [student]: name, group, variant"),
        ):
            with self.assertRaises(client.ConfigError) as caught:
                self.student(text)
            self.assertEqual(str(caught.exception), f"{os.path.join(self.dir.name, 'student.ini')}: {words}")

    def test_should_look_for_the_file_in_the_documented_order(self) -> None:
        self.assertEqual(client.find_student_file("given.ini", {client.STUDENT_ENV: "env.ini"}), "given.ini")
        self.assertEqual(client.find_student_file(None, {client.STUDENT_ENV: "env.ini"}), "env.ini")
        cwd = os.getcwd()
        self.addCleanup(os.chdir, cwd)
        os.chdir(self.dir.name)
        self.assertEqual(client.find_student_file(None, {}), str(client.KIT_STUDENT_FILE))
        os.makedirs("config")
        self.write("[student]\n", os.path.join("config", "student.ini"))
        self.assertEqual(client.find_student_file(None, {}), os.path.join("config", "student.ini"))

    def test_should_print_one_notice_while_the_example_is_sent_and_none_after(self) -> None:
        def echo(conn: socket.socket) -> None:
            line = conn.makefile("rb").readline()
            conn.sendall(line.rstrip(b"\n") + b". ok\n")

        server = self.serve(echo)
        code, out, _ = self.run_client("--config", self.config(server.port), "--student", str(ROOT / "config" / "student.ini"))
        self.assertEqual(code, 0)
        self.assertEqual(out.count("Используется встроенный пример «Титов Юрий Павлович М3О-3ХХБ-ХХ»"), 1)
        mine = self.write("[student]\nname = Иванова Мария\ngroup = Г-1\n", "mine.ini")
        server = self.serve(echo)
        code, out, _ = self.run_client("--config", self.config(server.port), "--student", mine)
        self.assertEqual(code, 0)
        self.assertNotIn("пример", out)
        self.assertEqual(self.log()[-3], ("SENT", {"msg": "Иванова Мария Г-1"}))

    def test_should_refuse_a_named_student_file_that_does_not_exist(self) -> None:
        code, _, err = self.run_client("--config", self.config(1), "--student", "nope.ini")
        self.assertEqual(code, 2)
        self.assertIn("nope.ini: файл студента не найден", err)


class LogFormatTest(unittest.TestCase):
    def test_should_write_safe_values_bare_and_others_as_json(self) -> None:
        self.assertEqual(client.format_value("127.0.0.1:5000"), "127.0.0.1:5000")
        self.assertEqual(client.format_value("[::1]:5000"), "[::1]:5000")
        self.assertEqual(client.format_value(42), "42")
        self.assertEqual(client.format_value("a b"), '"a b"')
        self.assertEqual(client.format_value('say "hi" \\'), '"say \\"hi\\" \\\\"')
        self.assertEqual(client.format_value("x\ny\r\t"), '"x\\ny\\r\\t"')
        self.assertEqual(client.format_value("Иванов"), '"Иванов"')
        self.assertEqual(client.format_value("👨‍👩‍👧"), '"👨\\u200d👩\\u200d👧"')

    def test_should_escape_controls_bidi_separators_and_format_characters(self) -> None:
        cases = {
            "\x00": "\\u0000", "\x1b": "\\u001b", "\x7f": "\\u007f", "\x85": "\\u0085", "\u00ad": "\\u00ad",
            "\u202e": "\\u202e", "\u2066": "\\u2066", "\u2028": "\\u2028", "\u2029": "\\u2029",
            "\ufeff": "\\ufeff", "\u0600": "\\u0600", "\ue000": "\\ue000", "\u0378": "\\u0378",
            "\U000e0001": "\\udb40\\udc01", "\U0001d173": "\\ud834\\udd73",
        }
        for char, escaped in cases.items():
            with self.subTest(char=hex(ord(char))):
                self.assertEqual(client.format_value("a" + char), '"a' + escaped + '"')

    def test_should_round_trip_every_code_point_through_json(self) -> None:
        # Every code point of the BMP and a sample beyond it: the escaped value
        # decodes to the original, and no escaped category is left raw.
        for start in range(0, 0x110000, 0x800):
            text = "".join(chr(c) for c in range(start, start + 0x800) if not 0xD800 <= c <= 0xDFFF)
            value = client.format_value(text)
            self.assertEqual(json.loads(value), text)
            raw = [c for c in value if unicodedata.category(c) in client.ESCAPED_CATEGORIES]
            self.assertEqual(raw, [], hex(start))

    def test_should_write_local_time_with_milliseconds_and_offset(self) -> None:
        self.assertRegex(client.timestamp(), r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$")


class PluralTest(unittest.TestCase):
    def test_should_pick_russian_forms_by_the_last_digits(self) -> None:
        texts = client.Texts("ru")
        expected = {1: "получен 1 ответ", 2: "получено 2 ответа", 4: "получено 4 ответа", 5: "получено 5 ответов",
                    11: "получено 11 ответов", 12: "получено 12 ответов", 21: "получен 21 ответ",
                    22: "получено 22 ответа", 25: "получено 25 ответов", 111: "получено 111 ответов",
                    0: "получено 0 ответов"}
        for n, text in expected.items():
            self.assertEqual(texts.plural("plural.replies", n), text)

    def test_should_pick_english_forms(self) -> None:
        texts = client.Texts("en")
        self.assertEqual(texts.plural("plural.replies", 1), "received 1 reply")
        self.assertEqual(texts.plural("plural.replies", 2), "received 2 replies")
        self.assertEqual(texts.plural("plural.replies", 21), "received 21 replies")


class ConsoleTest(unittest.TestCase):
    """The console never makes the client wait: a pipe nobody reads stands for a terminal stopped by Ctrl-S."""

    def pipe(self) -> Tuple[int, io.TextIOWrapper]:
        """A pipe's read end, and a text stream on its write end like sys.stdout."""
        read_end, write_end = os.pipe()
        stream = io.TextIOWrapper(open(write_end, "wb"), encoding="utf-8")
        # Closed after the test: a writer thread still blocked on the pipe then gets EPIPE and goes on.
        self.addCleanup(os.close, read_end)
        return read_end, stream

    def read_until(self, fd: int, text: str) -> str:
        """What the pipe holds up to and including ``text``; fails after 10 s without it."""
        data = bytearray()

        def read() -> None:  # in a thread: a read that never returns must not hang the test
            while text.encode() not in data:
                chunk = os.read(fd, 65536)
                if not chunk:
                    return
                data.extend(chunk)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(10)
        shown = bytes(data).decode("utf-8", errors="replace")
        self.assertIn(text, shown)
        return shown

    def test_should_drop_and_count_past_the_backlog_and_say_so_once_drained(self) -> None:
        read_end, stream = self.pipe()
        console = client.Console(client.Texts("en"), stream, None, backlog_bytes=16 * 1024)
        line = "я" * 4000  # 8 KB: the pipe's buffer and then the backlog fill within a few dozen lines
        kept = dropped = 0
        started = time.monotonic()
        for i in range(200):
            text = f"{i} {line}"
            writer = console.out_target.writer
            assert writer is not None
            if writer.put(console.out_target, text + "\n"):
                kept += 1
            else:
                dropped += 1
        self.assertLess(time.monotonic() - started, 5)  # 200 puts, none waited for the pipe
        self.assertGreater(dropped, 0)
        shown = self.read_until(read_end, "every event is in the log file")
        self.assertEqual(len(re.findall(r"^\d+ я+$", shown, re.M)), kept)
        self.assertIn(f"... {dropped} console lines dropped: the terminal was not taking output", shown)
        self.assertEqual(shown.count("dropped"), 1)
        console.out("after")
        self.assertTrue(console.close(5))
        self.assertEqual(self.read_until(read_end, "after\n").strip(), "after")

    def test_should_write_lines_whole_to_a_full_pipe_someone_made_non_blocking(self) -> None:
        read_end, stream = self.pipe()
        os.set_blocking(stream.fileno(), False)  # as a parent process may leave a shared pipe
        console = client.Console(client.Texts("en"), stream, None)
        for i in range(40):
            console.out(f"{i} " + "x" * 4000)  # 160 KB: the pipe fills up and stays full for a while
        time.sleep(0.3)
        shown = self.read_until(read_end, "every event is in the log file").splitlines()
        dropped = int(re.search(r"^\.\.\. (\d+) console lines dropped", shown[-1]).group(1))  # type: ignore[union-attr]
        self.assertEqual(shown[:-1], [f"{i} " + "x" * 4000 for i in range(40 - dropped)])

    def test_should_give_up_waiting_at_exit_when_nobody_reads(self) -> None:
        _, stream = self.pipe()
        console = client.Console(client.Texts("en"), stream, None)
        for _ in range(100):
            console.out("x" * 4096)  # past the pipe's 64 KiB: the writer is blocked for good
        started = time.monotonic()
        self.assertFalse(console.close(0.2))
        self.assertLess(time.monotonic() - started, 0.2 * 10)

    def test_should_share_one_writer_between_streams_on_one_file_and_not_between_two_pipes(self) -> None:
        _, out = self.pipe()
        _, err = self.pipe()
        self.assertEqual(len(client.Console(client.Texts("en"), out, err).writers), 2)
        with tempfile.TemporaryFile() as file:
            one = io.TextIOWrapper(open(file.fileno(), "wb", closefd=False), encoding="utf-8")
            two = io.TextIOWrapper(open(file.fileno(), "wb", closefd=False), encoding="utf-8")
            console = client.Console(client.Texts("en"), one, two)
            self.assertEqual(len(console.writers), 1)
            console.out("to stdout")
            console.err("to stderr")
            console.out("to stdout again")
            self.assertTrue(console.close(5))
            file.seek(0)
            self.assertEqual(file.read().decode().split(os.linesep), ["to stdout", "to stderr", "to stdout again", ""])

    def test_should_write_an_in_memory_stream_at_once(self) -> None:
        out = io.StringIO()
        console = client.Console(client.Texts("en"), out, None)
        console.out("now")
        self.assertEqual((out.getvalue(), console.writers), ("now\n", {}))

    def test_should_count_dropped_lines_in_both_languages(self) -> None:
        ru = client.Console(client.Texts("ru"), None, None)
        self.assertTrue(ru.dropped_line(1).startswith("... 1 строка консоли пропущена: терминал не принимал вывод"))
        self.assertTrue(ru.dropped_line(3).startswith("... 3 строки консоли пропущены:"))
        self.assertTrue(ru.dropped_line(11).startswith("... 11 строк консоли пропущено:"))
        en = client.Console(client.Texts("en"), None, None)
        self.assertTrue(en.dropped_line(1).startswith("... 1 console line dropped:"))
        self.assertTrue(en.dropped_line(2).startswith("... 2 console lines dropped:"))


class CatalogueTest(unittest.TestCase):
    def test_should_have_every_message_in_both_languages_with_the_same_placeholders(self) -> None:
        self.assertEqual(sorted(client.MESSAGES["ru"]), sorted(client.MESSAGES["en"]))
        names = re.compile(r"\{(\w+)")
        for key, english in client.MESSAGES["en"].items():
            self.assertEqual((key, set(names.findall(client.MESSAGES["ru"][key]))), (key, set(names.findall(english))))


class ShownTextTest(unittest.TestCase):
    """What reaches the terminal from outside: escaped where a terminal would act on it, cut past 1000 characters."""

    RU, EN = client.Texts("ru"), client.Texts("en")

    def test_should_escape_what_a_terminal_would_act_on_and_keep_the_rest(self) -> None:
        acting = "\x00\x07\n\r\x1b\x7f\x85\x9f\u061c\u200e\u200f\u202a\u202e\u2066\u2069"
        shown = client.shown_text(f"a{acting}b", "c.log", self.EN)
        self.assertEqual(shown, "a\\x00\\x07\\x0a\\x0d\\x1b\\x7f\\x85\\x9f\\u061c\\u200e\\u200f\\u202a\\u202e\\u2066\\u2069b")
        kept = "Иванов\tИ. «ок» 👋 \u00a0\u200d\u2028 ß"
        self.assertEqual(client.shown_text(kept, "c.log", self.EN), kept)
        self.assertEqual(client.shown_text("\x1b[2J\u202eevil", "c.log", self.RU), "\\x1b[2J\\u202eevil")

    def test_should_cut_past_1000_characters_and_say_how_many_more_are_in_the_log(self) -> None:
        self.assertEqual(client.shown_text("я" * 1000, "c.log", self.RU), "я" * 1000)
        for n, ru, en in ((1, "ещё 1 символ", "1 more character"), (3, "ещё 3 символа", "3 more characters"),
                          (25, "ещё 25 символов", "25 more characters"), (111, "ещё 111 символов", "111 more characters")):
            text = "я" * 1000 + "ж" * n
            self.assertEqual(client.shown_text(text, "/tmp/c.log", self.RU),
                             "я" * 1000 + f"… ({ru}; целиком — в логе /tmp/c.log)")
            self.assertEqual(client.shown_text(text, "/tmp/c.log", self.EN),
                             "я" * 1000 + f"… ({en}; the whole text is in the log /tmp/c.log)")

    def test_should_count_characters_not_bytes_and_escape_only_what_is_kept(self) -> None:
        # 1002 characters, 4 bytes each in UTF-8; the escapes do not count towards the 1000.
        self.assertEqual(client.shown_text("👋" * 1002, "c.log", self.EN),
                         "👋" * 1000 + "… (2 more characters; the whole text is in the log c.log)")
        self.assertEqual(client.shown_text("\x1b" * 1000, "c.log", self.EN), "\\x1b" * 1000)
        self.assertEqual(client.shown_text("\x1b" * 1001, "c.log", self.EN),
                         "\\x1b" * 1000 + "… (1 more character; the whole text is in the log c.log)")


class SentencesTest(ClientRun):
    """The console says each step in a sentence, the same as the TypeScript client (apps/client/src/client-console.ts)."""

    def sentences(self, out: str) -> List[str]:
        lines = out.splitlines()
        for line in lines:
            self.assertRegex(line, r"^\d\d:\d\d:\d\d\.\d{3} \S")
        return [line[len("00:00:00.000 "):] for line in lines]

    def run_session(self, lang: str, reply: str) -> Tuple[int, List[str], str, str]:
        def handler(conn: socket.socket) -> None:
            conn.sendall("HELLO \x1b]0;title\x07\n".encode("utf-8"))
            for _ in range(2):
                read_line(conn)
                conn.sendall((reply + "\n").encode("utf-8"))
            read_line(conn)

        server = self.serve(handler)
        student = self.write("[student]\nname = Иванова Мария\ngroup = Г-1\n", "student.ini")
        config = self.config(server.port, messages=2, send_after_ms=200)
        code, out, err = self.run_client("--config", config, "--student", student, "--lang", lang)
        return code, self.sentences(out), err, f"127.0.0.1:{server.port}"

    def test_should_say_connecting_and_disconnected_in_russian_with_replies_shown_safe(self) -> None:
        code, said, err, where = self.run_session("ru", "Привет! \x1b[2J\u202e«ок»\r")
        self.assertEqual((code, err), (0, ""))
        local = self.log()[0][1]["local"]
        self.assertEqual(self.log()[3][1]["msg"], "Привет! \x1b[2J\u202e«ок»")  # the log keeps the text whole
        self.assertEqual(said, [
            f"подключаюсь к {where}…",
            f"подключено к {where} (локальный адрес {local})",
            "сервер прислал строку, когда ответа не ждали: HELLO \\x1b]0;title\\x07",
            "отправлено (1 из 2): Иванова Мария Г-1",
            "ответ (1 из 2): Привет! \\x1b[2J\\u202e«ок»",
            "отправлено (2 из 2): Иванова Мария Г-1",
            "ответ (2 из 2): Привет! \\x1b[2J\\u202e«ок»",
            f"отключено от {where}",
            f"готово: получено 2 ответа. Лог: {self.log_path}",
        ])

    def test_should_say_connecting_and_disconnected_in_english_and_cut_a_long_reply(self) -> None:
        code, said, err, where = self.run_session("en", "\u2066" + "r" * 1200)
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(said[0], f"connecting to {where}…")
        self.assertEqual(said[4], "reply (1 of 2): \\u2066" + "r" * 999
                         + f"… (201 more characters; the whole text is in the log {self.log_path})")
        self.assertEqual(said[-2:], [f"disconnected from {where}", f"done: received 2 replies. Log: {self.log_path}"])
        self.assertEqual(self.log()[3][1]["msg"], "\u2066" + "r" * 1200)

    def test_should_say_why_the_log_cannot_be_opened_in_the_chosen_language_only(self) -> None:
        blocker = self.write("[client]\n", "file.ini")
        for log_file, ru, en in (
            (os.path.join(blocker, "c.log"), "часть пути — файл, а не каталог (ENOTDIR)",
             "a part of the path is a file, not a directory (ENOTDIR)"),
            (self.dir.name, "по этому пути каталог, а не обычный файл", "that path is a directory, not a regular file"),
        ):
            config = self.write(f"[server]\nport = 1\n[log]\nfile = {log_file}\n")
            for lang, words in (("ru", f"не удаётся открыть лог-файл {log_file} для дописывания: {ru}"),
                                ("en", f"cannot open log file {log_file} for appending: {en}")):
                self.assertEqual(self.run_client("--config", config, "--lang", lang), (1, "", f"client.py: {words}\n"))

    def test_should_show_a_servers_error_line_safe_on_stderr(self) -> None:
        server = self.serve(lambda conn: conn.sendall(b"ERROR server busy \x1b[31m\xe2\x80\xae\n"))
        code, out, err = self.run_client("--config", self.config(server.port, send_after_ms=300), "--lang", "en")
        self.assertEqual(code, 1)
        self.assertEqual(err, "client.py: the server answered with an error: ERROR server busy \\x1b[31m\\u202e"
                              " (its queue of waiting clients is full; try again later)\n")
        self.assertEqual(self.log()[1][1]["what"], "the server answered with an error: ERROR server busy \x1b[31m\u202e"
                                                   " (its queue of waiting clients is full; try again later)")
        self.assertEqual(self.sentences(out)[-2], f"connecting to 127.0.0.1:{server.port}…")


class ExchangeTest(ClientRun):
    def test_should_exchange_and_log_every_step(self) -> None:
        def handler(conn: socket.socket) -> None:
            for _ in range(2):
                conn.sendall(mirror_reply(read_line(conn)))
            read_line(conn)  # until the client closes

        server = self.serve(handler)
        code, out, err = self.run_client("--config", self.config(server.port, messages=2, message="Иванов И.И."))
        self.assertEqual((code, err), (0, ""))
        log = self.log()
        self.assertEqual([event for event, _ in log], ["CONNECTED", "SENT", "RECEIVED", "SENT", "RECEIVED", "DISCONNECTED"])
        self.assertEqual(log[0][1]["server"], f"127.0.0.1:{server.port}")
        self.assertRegex(log[0][1]["local"], r"^127\.0\.0\.1:\d+$")
        self.assertEqual((log[1][1]["msg"], log[1][1]["n"]), ("Иванов И.И.", "1"))
        self.assertEqual(log[2][1]["msg"], ".И.И вонавИ. signature")
        self.assertEqual(log[5][1]["reason"], "done")
        self.assertIn("получено 2 ответа", out)

    def test_should_read_a_reply_that_arrives_one_byte_at_a_time(self) -> None:
        def handler(conn: socket.socket) -> None:
            read_line(conn)
            for byte in "Ёжик 👋\r\n".encode("utf-8"):
                conn.sendall(bytes([byte]))
                time.sleep(0.002)
            read_line(conn)

        server = self.serve(handler)
        self.assertEqual(self.run_client("--config", self.config(server.port))[0], 0)
        self.assertEqual(self.log()[2], ("RECEIVED", {"msg": "Ёжик 👋"}))

    def test_should_log_a_greeting_as_unexpected_and_not_cut_the_pause_short(self) -> None:
        def handler(conn: socket.socket) -> None:
            conn.sendall(b"HELLO from the server\n")
            conn.sendall(mirror_reply(read_line(conn)))
            read_line(conn)

        server = self.serve(handler)
        code, out, _ = self.run_client("--config", self.config(server.port, send_after_ms=400))
        self.assertEqual(code, 0)
        log = self.log()
        self.assertEqual([event for event, _ in log], ["CONNECTED", "UNEXPECTED", "SENT", "RECEIVED", "DISCONNECTED"])
        self.assertEqual(log[1][1]["msg"], "HELLO from the server")
        self.assertNotEqual(log[3][1]["msg"], "HELLO from the server")
        # The client's own clock: the greeting did not end the 400 ms pause.
        with open(self.log_path, encoding="utf-8") as file:
            times = [datetime.fromisoformat(line.split(" ", 1)[0]) for line in file]
        self.assertGreaterEqual((times[2] - times[0]).total_seconds(), 0.399)
        self.assertIn("ответа не ждали", out)

    def test_should_exit_0_when_the_server_closes_during_the_linger(self) -> None:
        def handler(conn: socket.socket) -> None:
            conn.sendall(mirror_reply(read_line(conn)))

        server = self.serve(handler)
        started = time.monotonic()
        code, _, err = self.run_client("--config", self.config(server.port, linger_ms=5000))
        self.assertEqual((code, err), (0, ""))
        self.assertLess(time.monotonic() - started, 4)
        self.assertEqual(self.log()[-1], ("DISCONNECTED", {"reason": "server-closed"}))

    def test_should_exit_1_when_refused(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        code, _, err = self.run_client("--config", self.config(port), "--lang", "en")
        self.assertEqual(code, 1)
        self.assertIn("nothing listens there", err)
        log = self.log()
        self.assertEqual([event for event, _ in log], ["ERROR", "DISCONNECTED"])
        self.assertIn("nothing listens there", log[0][1]["what"])
        self.assertEqual(log[1][1]["reason"], "refused")

    def test_should_exit_1_on_reply_timeout(self) -> None:
        def handler(conn: socket.socket) -> None:
            read_line(conn)
            read_line(conn)  # never replies; returns when the client gives up

        server = self.serve(handler)
        started = time.monotonic()
        code, _, err = self.run_client("--config", self.config(server.port, reply_timeout_ms=300), "--lang", "en")
        self.assertEqual(code, 1)
        self.assertGreaterEqual(time.monotonic() - started, 0.3)
        self.assertIn("no reply within 300 ms", err)
        self.assertEqual(self.log()[-1], ("DISCONNECTED", {"reason": "timeout"}))

    def test_should_exit_1_when_the_server_closes_before_replying(self) -> None:
        server = self.serve(read_line)
        code, _, err = self.run_client("--config", self.config(server.port), "--lang", "en")
        self.assertEqual(code, 1)
        self.assertIn("the server closed the connection before replying", err)
        self.assertEqual(self.log()[-1], ("DISCONNECTED", {"reason": "server-closed"}))

    def test_should_take_a_last_reply_without_its_lf_for_no_reply(self) -> None:
        def handler(conn: socket.socket) -> None:
            read_line(conn)
            conn.sendall(b"REPLY without LF")

        server = self.serve(handler)
        code, _, err = self.run_client("--config", self.config(server.port), "--lang", "en")
        self.assertEqual(code, 1)
        self.assertIn("the server closed the connection before replying", err)
        self.assertEqual([e for e, _ in self.log()], ["CONNECTED", "SENT", "ERROR", "DISCONNECTED"])

    def test_should_fail_on_an_error_line_even_before_the_request(self) -> None:
        server = self.serve(lambda conn: conn.sendall(b"ERROR server busy\n"))
        code, _, err = self.run_client("--config", self.config(server.port, send_after_ms=300))
        self.assertEqual(code, 1)
        self.assertIn("сервер ответил ошибкой: ERROR server busy (его очередь", err)
        self.assertEqual([e for e, _ in self.log()], ["CONNECTED", "ERROR", "DISCONNECTED"])
        self.assertEqual(self.log()[-1][1]["reason"], "server-error")

    def test_should_bound_a_reply_without_a_line_end(self) -> None:
        def handler(conn: socket.socket) -> None:
            read_line(conn)
            with contextlib.suppress(OSError):
                conn.sendall(b"x" * (client.MAX_REPLY_BYTES + 70000))

        server = self.serve(handler)
        code, _, err = self.run_client("--config", self.config(server.port), "--lang", "en")
        self.assertEqual(code, 1)
        self.assertIn("without a line end", err)


class ProcessTest(ClientRun):
    """The client as a student runs it: a separate process."""

    def spawn(self, *args: str, control: bool = False, stdin: Optional[int] = None) -> subprocess.Popen:
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # setUp removed MIRROR_LAB_LANG
        if control:
            env["MIRROR_LAB_CONTROL"] = "stdin"
        return subprocess.Popen([sys.executable, str(HERE / "client.py"), *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, stdin=stdin, env=env)

    def wait_connected(self, proc: subprocess.Popen) -> None:
        deadline = time.monotonic() + 20
        while not (os.path.exists(self.log_path) and "CONNECTED" in Path(self.log_path).read_text(encoding="utf-8")):
            self.assertIsNone(proc.poll())
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.02)

    def waiting_server(self) -> LoopbackServer:
        """A server that takes the connection and never answers."""
        return self.serve(lambda conn: read_line(conn))

    def test_should_print_the_version_without_reading_a_config(self) -> None:
        out, _ = self.spawn("--version", "--config", "/nonexistent").communicate(timeout=30)
        self.assertEqual(out.decode(), "mirror-lab client.py 0.1.0\n")

    def test_should_log_interrupted_on_ctrl_c(self) -> None:
        connected = threading.Event()

        def handler(conn: socket.socket) -> None:
            connected.set()
            read_line(conn)

        server = self.serve(handler)
        proc = self.spawn("--config", self.config(server.port, send_after_ms=30000))
        self.assertTrue(connected.wait(20))
        deadline = time.monotonic() + 20
        while "CONNECTED" not in Path(self.log_path).read_text(encoding="utf-8") if os.path.exists(self.log_path) else True:
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
        self.assertEqual(proc.returncode, 130)
        self.assertIn("прервано", err.decode())
        self.assertEqual(self.log()[-1], ("DISCONNECTED", {"reason": "interrupted"}))

    def test_should_stop_as_on_ctrl_c_when_a_stop_line_comes_on_stdin(self) -> None:
        server = self.waiting_server()
        proc = self.spawn("--config", self.config(server.port, send_after_ms=30000), control=True,
                          stdin=subprocess.PIPE)
        self.wait_connected(proc)
        assert proc.stdin is not None
        proc.stdin.write(b"hello\nstop\r\n")  # other lines are ignored; CR LF from Windows works
        proc.stdin.flush()
        _, err = proc.communicate(timeout=20)
        self.assertEqual(proc.returncode, 130)
        self.assertIn("прервано", err.decode())
        self.assertEqual(self.log()[-1], ("DISCONNECTED", {"reason": "interrupted"}))

    def test_should_stop_when_stdin_ends_as_when_the_parent_dies(self) -> None:
        server = self.waiting_server()
        proc = self.spawn("--config", self.config(server.port, send_after_ms=30000), control=True,
                          stdin=subprocess.PIPE)
        self.wait_connected(proc)
        proc.communicate(input=b"", timeout=20)  # closes stdin: what a parent's death leaves
        self.assertEqual(proc.returncode, 130)
        self.assertEqual([event for event, _ in self.log()], ["CONNECTED", "DISCONNECTED"])
        self.assertEqual(self.log()[-1], ("DISCONNECTED", {"reason": "interrupted"}))

    def test_should_interrupt_once_when_ctrl_c_and_the_stop_line_both_come(self) -> None:
        server = self.waiting_server()
        proc = self.spawn("--config", self.config(server.port, send_after_ms=30000), control=True,
                          stdin=subprocess.PIPE)
        self.wait_connected(proc)
        # The terminal's Ctrl-C reaches the lab and its children; the lab then writes stop.
        proc.send_signal(signal.SIGINT)
        proc.communicate(input=b"stop\n", timeout=20)
        self.assertEqual(proc.returncode, 130)
        self.assertEqual(self.log(), [self.log()[0], ("DISCONNECTED", {"reason": "interrupted"})])

    def test_should_not_read_stdin_without_the_variable(self) -> None:
        def handler(conn: socket.socket) -> None:
            conn.sendall(mirror_reply(read_line(conn)))

        server = self.serve(handler)
        proc = self.spawn("--config", self.config(server.port, send_after_ms=300), stdin=subprocess.DEVNULL)
        proc.communicate(timeout=20)
        self.assertEqual(proc.returncode, 0)
        self.assertEqual([event for event, _ in self.log()], ["CONNECTED", "SENT", "RECEIVED", "DISCONNECTED"])


if __name__ == "__main__":
    unittest.main()


class FakeBoard:
    """A class board on 127.0.0.1 that answers every upload with ``answer`` and keeps what it got."""

    def __init__(self, status: int = 201, answer: Optional[dict] = None, silent: bool = False) -> None:
        board = self
        self.got: List[Tuple[str, Dict[str, str], bytes]] = []
        self.release = threading.Event()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                board.got.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                if silent:
                    board.release.wait(10)
                    return
                data = json.dumps(answer or {}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def closed_port() -> int:
    """A loopback port where nothing listens (bound, then closed)."""
    with socket.create_server(("127.0.0.1", 0)) as s:
        return s.getsockname()[1]


class BoardTest(ClientRun):
    """After its session the client sends this run's log to the class board (--board URL --code CODE)."""

    def board(self, *args: object, **kwargs: object) -> FakeBoard:
        board = FakeBoard(*args, **kwargs)  # type: ignore[arg-type]
        self.addCleanup(board.close)
        return board

    def mirror(self) -> LoopbackServer:
        def handler(conn: socket.socket) -> None:
            conn.sendall(mirror_reply(read_line(conn)))
            read_line(conn)

        return self.serve(handler)

    def test_should_send_this_runs_log_and_server_settings_when_the_board_takes_it(self) -> None:
        board = self.board(201, {"id": "001", "kind": "kit", "connections": 1, "message": "Лог принят (001-python.log)"})
        os.makedirs(os.path.dirname(self.log_path))
        earlier = "2026-01-01T00:00:00.000+00:00 client[1] CONNECTED server=x:1 local=y:2\n"
        with open(self.log_path, "w", encoding="utf-8") as file:
            file.write(earlier)
        server = self.mirror()
        code, out, err = self.run_client("--config", self.config(1), "--port", str(server.port),
                                         "--board", board.url, "--code", "K7Q2")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(len(board.got), 1)
        path, headers, body = board.got[0]
        self.assertEqual(path, "/api/uploads")
        self.assertEqual(headers["content-type"], "text/plain; charset=utf-8")
        self.assertEqual((headers["x-session-code"], headers["x-client"]), ("K7Q2", "python"))
        self.assertEqual(headers["x-server"], f"127.0.0.1:{server.port}")
        self.assertEqual(headers["x-file-name"], "client.log")
        # This run's lines exactly: the earlier run's line stays home.
        whole = Path(self.log_path).read_bytes()
        self.assertEqual(body, whole[len(earlier.encode()):])
        self.assertIn(b" CONNECTED server=127.0.0.1:", body)
        self.assertIn(f"табло {board.url} приняло лог: Лог принят (001-python.log)", out)

    def test_should_show_the_boards_reason_and_keep_exit_0_when_it_refuses(self) -> None:
        board = self.board(403, {"error": "bad-code", "message": "Wrong session code: give --code CODE."})
        server = self.mirror()
        code, out, err = self.run_client("--config", self.config(server.port), "--board", board.url,
                                         "--code", "NOPE", "--lang", "en")
        self.assertEqual(code, 0)
        self.assertEqual(err.count("\n"), 1)
        self.assertIn(f"warning: the board {board.url} did not take the log (HTTP 403): Wrong session code: give --code CODE.",
                      err)

    def test_should_warn_once_and_keep_exit_0_when_the_board_is_down(self) -> None:
        url = f"http://127.0.0.1:{closed_port()}"
        server = self.mirror()
        code, out, err = self.run_client("--config", self.config(server.port), "--board", url, "--code", "K7Q2")
        self.assertEqual(code, 0)
        self.assertEqual(err, f"client.py: предупреждение: табло {url} недоступно (ECONNREFUSED); лог остался в файле"
                              " — загрузите его на странице табло\n")

    def test_should_send_the_log_also_after_a_failed_session(self) -> None:
        board = self.board(201, {"message": "ok"})
        code, _, err = self.run_client("--config", self.config(closed_port()), "--board", board.url, "--code", "K7Q2")
        self.assertEqual(code, 1)
        self.assertIn("отказал в соединении", err)
        self.assertEqual(len(board.got), 1)
        self.assertIn(b" ERROR what=", board.got[0][2])
        self.assertIn(b" DISCONNECTED reason=refused", board.got[0][2])

    def test_should_give_up_on_a_board_that_never_answers(self) -> None:
        board = self.board(silent=True)
        started = time.monotonic()
        outcome = client.post_log(board.url, "K7Q2", "127.0.0.1:1", "client.log", b"x\n", timeout_s=0.3)
        self.assertEqual(outcome.kind, "timeout")
        self.assertLess(time.monotonic() - started, 3.0)

    def test_should_not_send_anything_without_a_board(self) -> None:
        board = self.board(201, {"message": "ok"})
        server = self.mirror()
        code, out, err = self.run_client("--config", self.config(server.port), "--code", "K7Q2")
        self.assertEqual((code, err, board.got), (0, "", []))
        self.assertNotIn("табло", out)

    def test_should_warn_in_words_when_the_log_cannot_be_read_for_the_board(self) -> None:
        config = client.load_config(self.config(1), client.Texts("en"))
        gone = dataclasses.replace(config, log_file=os.path.join(self.dir.name, "gone.log"), board_url="http://127.0.0.1:9")
        line, warn = client.send_log_to_board(gone, 0, client.Texts("en"))
        self.assertTrue(warn)
        self.assertIn("warning: cannot read the log", line)
        self.assertIn("no such file or directory", line)

    def test_should_read_board_keys_and_refuse_a_bad_address(self) -> None:
        texts = client.Texts("en")
        config = client.load_config(self.write("[board]\nurl =\ncode =\n"), texts)
        self.assertEqual((config.board_url, config.board_code), ("", ""))
        config = client.load_config(self.write("[board]\nurl = http://10.0.0.1:8080\ncode = K7Q2\n"), texts)
        self.assertEqual((config.board_url, config.board_code), ("http://10.0.0.1:8080", "K7Q2"))
        for bad in ("10.0.0.1:8080", "ftp://10.0.0.1/", "http://user:pw@10.0.0.1/"):
            code, _, err = self.run_client("--config", self.write(f"[board]\nurl = {bad}\n"), "--lang", "en")
            self.assertEqual(code, 2)
            self.assertIn("board.url", err)
        code, _, err = self.run_client("--config", self.write(""), "--board", "x", "--lang", "en")
        self.assertEqual(code, 2)
        self.assertIn('--board = "x": must be the class board\'s address', err)

    def test_should_build_the_upload_address_under_the_given_path(self) -> None:
        self.assertEqual(client.uploads_url("http://10.0.0.1:8080"), "http://10.0.0.1:8080/api/uploads")
        self.assertEqual(client.uploads_url("http://lab.local/class/?key=1#x"), "http://lab.local/class/api/uploads")
        self.assertEqual(client.header_value("журнал 100%.log"), "%D0%B6%D1%83%D1%80%D0%BD%D0%B0%D0%BB 100%25.log")
