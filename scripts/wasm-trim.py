#!/usr/bin/env python3
"""Takes out of the built wasm what only tools read, shortens the names the browser must fetch twice, and folds
chunks that hold only data into the main module.

    wasm-trim.py strip MODULE...      drops the `producers` and `target_features` custom sections (what built the
                                      module, for tools); the browser ignores them, yet they cost about 130 B
                                      brotli in each of the 14-15 modules a journey page fetches.
    wasm-trim.py names MODULE GLUE    renames the main module's JS imports (`__wbg_appendChild_<16 hex>`) and its
                                      mangled exports (`_RINvNv…`, a closure's entry) to short names, in the module
                                      and in the wasm-bindgen glue alike: every name is in both files, and the hex
                                      does not compress (−3.8 KB brotli on every page, measured in session 19);
                                      and the glue imports the split link file once, not once per split.

    wasm-trim.py data-chunks MAIN LINK CHUNK...
                                      moves each chunk that holds only data (no code, no table entries: a
                                      constant two splits share, 15-111 B) into the main module, and drops it
                                      from the split link file: each was a request of its own, about 290 B with
                                      its headers, on every page of the splits that share it.

All rewrite the files in place (`data-chunks` deletes the chunks it moved). `names` fails, changing nothing,
unless each old name is in the glue and none is left after: a glue the next wasm-bindgen writes differently stops
the build rather than breaking the page. `data-chunks` likewise stops unless the link file reads as expected.
"""

import os
import re
import sys

KEPT_CUSTOM = {"name"}  # WASM_OPT_EXTRA=-g keeps function names for a profile (docs/benchmarks.md)
DROPPED_CUSTOM = {"producers", "target_features"}


def leb(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def uleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def name_at(data, at):
    length, at = leb(data, at)
    return data[at : at + length].decode("utf-8"), at + length


def encoded_name(text):
    raw = text.encode("utf-8")
    return uleb(len(raw)) + raw


def sections(data):
    """(id, start of the section's header, start of its body, end) of each section."""
    if data[:4] != b"\0asm":
        sys.exit("not a wasm module")
    at = 8
    while at < len(data):
        size, body = leb(data, at + 1)
        yield data[at], at, body, body + size
        at = body + size


def section(sid, body):
    return bytes([sid]) + uleb(len(body)) + body


def strip(path):
    data = open(path, "rb").read()
    out = bytearray(data[:8])
    for sid, start, body, end in sections(data):
        if sid == 0:
            custom, _ = name_at(data, body)
            if custom in DROPPED_CUSTOM:
                continue
            if custom not in KEPT_CUSTOM:
                sys.exit(f"{path}: unknown custom section {custom!r}: keep or drop it here")
        out += data[start:end]
    open(path, "wb").write(out)


def short_name(index):
    """a, b, … Z, aa, ab, …: valid as a JS property name and as a wasm name."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    name = ""
    while True:
        name = letters[index % 52] + name
        index = index // 52 - 1
        if index < 0:
            return name


def skip_import_kind(data, at):
    kind = data[at]
    at += 1
    if kind == 0:  # function: its type
        _, at = leb(data, at)
    elif kind == 1:  # table: element type, limits
        at += 1
        flags = data[at]
        _, at = leb(data, at + 1)
        if flags & 1:
            _, at = leb(data, at)
    elif kind == 2:  # memory: limits
        flags = data[at]
        _, at = leb(data, at + 1)
        if flags & 1:
            _, at = leb(data, at)
    elif kind == 3:  # global: value type, mutability
        at += 2
    else:
        sys.exit(f"unknown import kind {kind}")
    return kind, at


def names(module_path, glue_path):
    data = open(module_path, "rb").read()
    glue = open(glue_path, encoding="utf-8").read()
    renamed = {}
    out = bytearray(data[:8])
    for sid, start, body, end in sections(data):
        if sid == 2:  # imports: the glue's functions, by module name `./<out-name>_bg.js`
            count, at = leb(data, body)
            rewritten = bytearray(uleb(count))
            for _ in range(count):
                module, at = name_at(data, at)
                field, at = name_at(data, at)
                kind_at = at
                kind, at = skip_import_kind(data, at)
                if kind == 0 and module.endswith("_bg.js"):
                    field = renamed.setdefault(field, short_name(len(renamed)))
                rewritten += encoded_name(module) + encoded_name(field) + data[kind_at:at]
            out += section(2, bytes(rewritten))
        elif sid == 7:  # exports: only mangled Rust names, which the glue alone calls
            count, at = leb(data, body)
            rewritten = bytearray(uleb(count))
            for _ in range(count):
                field, at = name_at(data, at)
                kind_at = at
                _, at = leb(data, at + 1)
                if field.startswith("_R"):
                    field = renamed.setdefault(field, "$" + short_name(len(renamed)))
                rewritten += encoded_name(field) + data[kind_at:at]
            out += section(7, bytes(rewritten))
        else:
            out += data[start:end]
    if not renamed:
        sys.exit(f"{module_path}: no import or export to rename")
    for old, new in renamed.items():
        pattern = re.compile(r"(?<![\w$])" + re.escape(old) + r"(?![\w$])")
        glue, found = pattern.subn(lambda _, new=new: new, glue)
        if not found:
            sys.exit(f"{glue_path}: the glue does not name {old}: is it the glue of {module_path}?")
        if pattern.search(glue):
            sys.exit(f"{glue_path}: {old} is still there")
    open(module_path, "wb").write(out)
    open(glue_path, "w", encoding="utf-8").write(one_import_per_module(glue))
    print(f"wasm-trim: {len(renamed)} names shortened in {module_path.split('/')[-1]} and its glue", file=sys.stderr)


def one_import_per_module(glue):
    """The glue imports the split link file once per split function it calls (`import * as import1 … import12`, the
    same module each time) and lists each as the wasm's import object under the same key: once is enough."""
    lines = re.findall(r'^import \* as (import\d+) from "([^"]+)"\n', glue, re.M)
    first = {}
    for alias, module in lines:
        first.setdefault(module, alias)
    for alias, module in lines:
        if first[module] == alias:
            continue
        glue = glue.replace(f'import * as {alias} from "{module}"\n', "", 1)
        glue = glue.replace(f'"{module}": {alias},\n', "", 1)
        if re.search(r"(?<![\w$])" + alias + r"(?![\w$])", glue):
            sys.exit(f"the glue uses {alias} beyond its import: keep it")
    return glue


def data_segments(data):
    """The data section's segments, each as its bytes (mode, offset expression and bytes), and the sections' ids."""
    ids = [sid for sid, _, _, _ in sections(data)]
    for sid, _, body, end in sections(data):
        if sid != 11:
            continue
        count, at = leb(data, body)
        segments = []
        for _ in range(count):
            start = at
            mode, at = leb(data, at)
            if mode != 0:
                sys.exit(f"a data segment of mode {mode}: only active segments of memory 0 are moved")
            while data[at] != 0x0B:  # the offset expression, `i32.const N end`
                at += 1
            length, at = leb(data, at + 1)
            at += length
            segments.append(data[start:at])
        if at != end:
            sys.exit("the data section did not read to its end")
        return segments, ids
    return [], ids


def data_chunks(main_path, link_path, chunk_paths):
    moved = []
    extra = []
    for path in chunk_paths:
        segments, ids = data_segments(open(path, "rb").read())
        # Only imports (memory, table), the data count and the data: nothing that runs or fills the table.
        if not segments or not set(ids) <= {2, 11, 12}:
            continue
        extra += segments
        moved.append(path)
    if not moved:
        return
    main = open(main_path, "rb").read()
    segments, _ = data_segments(main)
    out = bytearray(main[:8])
    for sid, start, body, end in sections(main):
        if sid == 11:
            out += section(11, uleb(len(segments) + len(extra)) + b"".join(segments + extra))
        elif sid == 12:
            out += section(12, uleb(len(segments) + len(extra)))
        else:
            out += main[start:end]
    link = open(link_path, encoding="utf-8").read()
    for path in moved:
        chunk = re.sub(r"\.wasm$", "", path.rsplit("/", 1)[-1])
        name = "__" + chunk
        link, definitions = re.subn(r"const " + name + r" = makeLoad\(.*?\n, \[\]\);\n", "", link, flags=re.S)
        link, uses = re.subn(r"(?<=[\[ ])" + name + r"(, |(?=\]))", "", link)
        link = link.replace(", ]", "]")
        if definitions != 1 or uses == 0 or re.search(r"\b" + name + r"\b", link):
            sys.exit(f"{chunk}: the link file is not as expected; nothing moved")
    open(main_path, "wb").write(out)
    open(link_path, "w", encoding="utf-8").write(link)
    for path in moved:
        os.remove(path)
    print(f"wasm-trim: {len(moved)} data-only chunks moved into the main module ({len(extra)} segments)")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "strip":
        for module in sys.argv[2:]:
            strip(module)
    elif len(sys.argv) == 4 and sys.argv[1] == "names":
        names(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "data-chunks":
        data_chunks(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(__doc__)
