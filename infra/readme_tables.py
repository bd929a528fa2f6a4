#!/usr/bin/env python3
"""The Inputs and Outputs tables of every README under infra/, generated from variables.tf
and outputs.tf, so that they cannot drift from the code.

    python3 infra/readme_tables.py --check   # exit 1 and show the difference if a table drifted
    python3 infra/readme_tables.py --write   # rewrite the tables in place

A README holds its tables under the headings "## Inputs" and "## Outputs": the first run of
lines starting with "|" after each heading is the table. Rows follow the order of the .tf
files; types and defaults are written on one line, as Terraform reads them.
"""

import difflib
import pathlib
import re
import sys

INFRA = pathlib.Path(__file__).resolve().parent
BLOCK = re.compile(r'^(variable|output)\s+"([^"]+)"\s*\{', re.M)
OPENERS = "{(["
CLOSERS = "})]"


def skip_string(text, i):
    """Index after the string literal starting at text[i] == '"' (escapes and ${ } included)."""
    i += 1
    depth = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if text.startswith("${", i) or text.startswith("%{", i):
            depth += 1
            i += 2
            continue
        if depth and c == "}":
            depth -= 1
        elif depth and c == '"':
            i = skip_string(text, i)
            continue
        elif not depth and c == '"':
            return i + 1
        i += 1
    raise ValueError("unterminated string")


HEREDOC = re.compile(r"<<(-?)([A-Za-z_][A-Za-z0-9_]*)[ \t]*\n")


def skip_heredoc(text, i):
    m = HEREDOC.match(text, i)
    end = re.compile(r"^[ \t]*" + m.group(2) + r"[ \t]*$", re.M).search(text, m.end())
    return end.end()


def skip_comment(text, i):
    if text.startswith("/*", i):
        return text.index("*/", i) + 2
    j = text.find("\n", i)
    return len(text) if j < 0 else j


def is_comment(text, i):
    return text[i] == "#" or text.startswith("//", i) or text.startswith("/*", i)


def block_end(text, start):
    """Index of the '}' closing the block whose '{' is at text[start]."""
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c == '"':
            i = skip_string(text, i)
            continue
        if HEREDOC.match(text, i):
            i = skip_heredoc(text, i)
            continue
        if is_comment(text, i):
            i = skip_comment(text, i)
            continue
        if c in OPENERS:
            depth += 1
        elif c in CLOSERS:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unbalanced block")


def attributes(body):
    """Top-level `name = expression` attributes of a block body (nested blocks skipped)."""
    result = {}
    i = 0
    name_re = re.compile(r"[ \t\n]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*(=|\{)")
    while i < len(body):
        if body[i] in " \t\n":
            i += 1
            continue
        if is_comment(body, i):
            i = skip_comment(body, i)
            continue
        m = name_re.match(body, i)
        if not m:
            raise ValueError("cannot read: " + body[i:i + 40])
        if m.group(2) == "{":
            i = block_end(body, m.end() - 1) + 1
            continue
        j = m.end()
        depth = 0
        while j < len(body):
            c = body[j]
            if c == '"':
                j = skip_string(body, j)
                continue
            if HEREDOC.match(body, j):
                j = skip_heredoc(body, j)
                continue
            if is_comment(body, j):
                if depth == 0:
                    break
                j = skip_comment(body, j)
                continue
            if c in OPENERS:
                depth += 1
            elif c in CLOSERS:
                depth -= 1
            elif c == "\n" and depth == 0:
                break
            j += 1
        result[m.group(1)] = body[m.end():j].strip()
        i = j
    return result


def without_comments(expression):
    """The expression without comments, runs of blanks outside strings (alignment) as one."""
    out = []
    i = 0
    while i < len(expression):
        if expression[i] == '"':
            j = skip_string(expression, i)
            out.append(expression[i:j])
            i = j
        elif is_comment(expression, i):
            i = skip_comment(expression, i)
        elif expression[i] in " \t" and out and out[-1] == " ":
            i += 1
        else:
            out.append(" " if expression[i] == "\t" else expression[i])
            i += 1
    return "".join(out)


def cell(text):
    """A Markdown table cell: a '|' would end the cell."""
    return text.replace("|", "\\|")


def one_line(expression):
    """A multi-line type or default as one line: items separated by ', '."""
    pieces = [p.strip() for p in without_comments(expression).split("\n") if p.strip()]
    line = ""
    for piece in pieces:
        if not line:
            line = piece
        elif piece[0] in CLOSERS:
            line = line.rstrip(",") + " " + piece
        elif line[-1] in OPENERS or line.endswith(","):
            line += " " + piece
        else:
            line += ", " + piece
    return line


def text_of(expression):
    """The text of a description: a quoted string or a heredoc."""
    m = HEREDOC.match(expression)
    if m:
        lines = expression[m.end():].split("\n")[:-1]
        return " ".join(line.strip() for line in lines if line.strip())
    if not (expression.startswith('"') and expression.endswith('"')):
        raise ValueError("description is not a literal: " + expression)
    s = expression[1:-1]
    s = re.sub(r"\\(.)", lambda m: {"n": " ", "t": " "}.get(m.group(1), m.group(1)), s)
    return s.replace("$${", "${").replace("%%{", "%{")


def blocks(path, kind):
    text = path.read_text()
    for m in BLOCK.finditer(text):
        if m.group(1) != kind:
            continue
        end = block_end(text, m.end() - 1)
        yield m.group(2), attributes(text[m.end():end])


def inputs_table(module):
    rows = ["| name | type | default | description |", "|---|---|---|---|"]
    for path in sorted(module.glob("*.tf")):
        for name, attrs in blocks(path, "variable"):
            default = "required" if "default" not in attrs else "`" + one_line(attrs["default"]) + "`"
            rows.append("| `{}` | `{}` | {} | {} |".format(
                name, cell(one_line(attrs.get("type", "any"))), cell(default), cell(text_of(attrs["description"]))))
    return rows


def outputs_table(module):
    rows = ["| name | description |", "|---|---|"]
    for path in sorted(module.glob("*.tf")):
        for name, attrs in blocks(path, "output"):
            rows.append("| `{}` | {} |".format(name, cell(text_of(attrs["description"]))))
    return rows


def replace_table(lines, heading, table):
    """The README lines with the table under `heading` replaced (None if there is no heading)."""
    try:
        h = lines.index(heading)
    except ValueError:
        return None
    start = h + 1
    while start < len(lines) and not lines[start].startswith("|"):
        start += 1
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return lines[:start] + table + lines[end:]


def main(argv):
    if argv[1:] not in (["--check"], ["--write"]):
        print(__doc__, file=sys.stderr)
        return 2
    write = argv[1] == "--write"
    modules = sorted(p for p in (INFRA / "modules").iterdir() if p.is_dir())
    modules += sorted(p for p in (INFRA / "examples").iterdir() if p.is_dir())
    drifted = 0
    for module in modules:
        readme = module / "README.md"
        old = readme.read_text().split("\n")
        new = old
        for heading, table, present in (
            ("## Inputs", inputs_table(module), any(module.glob("variables.tf"))),
            ("## Outputs", outputs_table(module), any(module.glob("outputs.tf"))),
        ):
            replaced = replace_table(new, heading, table)
            if replaced is None:
                if present:
                    print("{}: no \"{}\" table".format(readme.relative_to(INFRA.parent), heading))
                    drifted += 1
                continue
            new = replaced
        if new != old:
            drifted += 1
            rel = str(readme.relative_to(INFRA.parent))
            if write:
                readme.write_text("\n".join(new))
                print("rewrote " + rel)
            else:
                sys.stdout.writelines(difflib.unified_diff(
                    [l + "\n" for l in old], [l + "\n" for l in new], rel + " (README)", rel + " (from the .tf files)"))
    if drifted and not write:
        print("{} README table(s) differ from the .tf files: run python3 infra/readme_tables.py --write".format(drifted))
        return 1
    if not drifted:
        print("README tables match variables.tf and outputs.tf ({} modules)".format(len(modules)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
