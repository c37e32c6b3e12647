#!/usr/bin/env python3
"""Namespace = folder (IDE0130), applied to the whole repository in one pass.

dotnet format cannot apply IDE0130's fix ("Changing document properties is not supported"), and a rename by hand
conflicts with every branch that edits the same files; this script is re-runnable on main instead. For every C# file
of a project it sets the namespace to the project's root namespace plus the folder path, then, across the repository:
  * qualified names of a moved type (Old.Ns.Type, also in strings such as EF model snapshots) are rewritten;
  * a file that saw a moved type before (its own namespace or a parent, or a using, global using included) and names
    it gets a using for the type's new namespace;
  * a using of a namespace that no longer exists is removed.
A type named like a namespace beside it (Features/ListThreads/ListThreads.cs seen from Features/SendMessage) would
resolve to the namespace (CS0118); such a using goes inside the file's namespace, where it is looked at first.
Files with several namespaces, or none, are left as they are and listed. Under sdk/ a namespace is part of a shipped
package's public API: a file there is never renamed; the script names the folder to move it to instead.

Usage: fix_namespaces.py [--check] [--roots modules host ...]   (--check: list what would change, change nothing)
"""
import argparse
import glob
import os
import re
import sys
import time
from collections import defaultdict

ROOTS = ["modules", "host", "simulators", "sdk", "tools", "templates", "tests"]
SKIP_DIRS = {"obj", "bin", "node_modules", ".git"}

NAMESPACE = re.compile(r"^(?P<indent>\s*)namespace\s+(?P<name>[A-Za-z_][\w.]*)\s*(?P<end>;|\{|$)", re.M)
USING = re.compile(r"^(?P<global>global\s+)?using\s+(?P<static>static\s+)?(?P<name>[A-Za-z_][\w.]*)\s*;[ \t]*\r?\n?", re.M)
TYPE = re.compile(
    r"^(?P<indent>[ \t]*)(?:\[[^\n]*\]\s*)?(?:(?:public|internal|private|protected|sealed|static|abstract|partial|readonly|ref|unsafe|file|new)\s+)*"
    r"(?:(?P<kind>class|struct|interface|enum|record(?:\s+(?:class|struct))?)\s+(?P<name>[A-Za-z_]\w*)"
    r"|delegate\s+[^=;(]*?\b(?P<dname>[A-Za-z_]\w*)\s*[<(])", re.M)
EXTENSION = re.compile(r"\bstatic\s+[^=;(){}]*?\b(?P<name>[A-Za-z_]\w*)\s*(?:<[^>()]*>)?\s*\(\s*this\s")
IDENT = re.compile(r"[A-Za-z_]\w*")


def find_projects(repo, roots):
    projects = []
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(os.path.join(repo, root)):
            dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
            for f in filenames:
                if f.endswith(".csproj"):
                    projects.append(os.path.join(dirpath, f))
    return projects


def project_info(csproj):
    text = open(csproj, encoding="utf-8").read()
    name = os.path.splitext(os.path.basename(csproj))[0]
    root_ns = re.search(r"<RootNamespace>([^<]+)</RootNamespace>", text)
    assembly = re.search(r"<AssemblyName>([^<]+)</AssemblyName>", text)
    refs = [os.path.normpath(match)
            for r in re.findall(r'<ProjectReference\s+Include="([^"]+)"', text)
            for match in glob.glob(os.path.join(os.path.dirname(csproj), r.replace("\\", "/")))]  # wildcards too
    return {
        "path": os.path.normpath(csproj),
        "dir": os.path.dirname(os.path.normpath(csproj)),
        "root_ns": (root_ns or assembly).group(1) if (root_ns or assembly) else name.replace("-", "_"),
        "refs": refs,
    }


def source_files(project_dir, other_project_dirs):
    for dirpath, dirnames, filenames in os.walk(project_dir):
        dirnames[:] = [d for d in dirnames
                       if d not in SKIP_DIRS and os.path.join(dirpath, d) not in other_project_dirs]
        for f in filenames:
            if f.endswith(".cs"):
                yield os.path.join(dirpath, f)


def folder_namespace(root_ns, project_dir, file):
    rel = os.path.relpath(os.path.dirname(file), project_dir)
    parts = [] if rel == "." else rel.replace("\\", "/").split("/")
    parts = [re.sub(r"\W", "_", p) if not p[0].isdigit() else "_" + re.sub(r"\W", "_", p) for p in parts]
    return ".".join([root_ns] + parts)


def top_level_types(text, block_scoped):
    indent = "    " if block_scoped else ""
    names = set()
    for m in TYPE.finditer(text):
        if m.group("indent").replace("\t", "    ") == indent:
            names.add(m.group("name") or m.group("dname"))
    return names


def parents(ns):
    parts = ns.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)}


def sort_key(ns):
    return (0 if ns == "System" or ns.startswith("System.") else 1, ns)


def add_usings(text, outside, inside, ns_match):
    """Adds `using X;` lines: outside the namespace in sorted place, inside right after the namespace line."""
    if inside:
        start, end = ns_match.start(), ns_match.end()
        line_end = text.index("\n", end) + 1 if "\n" in text[end:] else len(text)
        if ns_match.group("end") == ";":
            block = "\n" + "".join(f"using {u};\n" for u in sorted(inside, key=sort_key))
        else:
            indent = ns_match.group("indent") + "    "
            if ns_match.group("end") != "{":  # brace on the next line
                line_end = text.index("\n", line_end) + 1
            block = "".join(f"{indent}using {u};\n" for u in sorted(inside, key=sort_key)) + "\n"
        text = text[:line_end] + block + text[line_end:]
    if outside:
        header_end = NAMESPACE.search(text).start()
        plain = [m for m in USING.finditer(text[:header_end]) if not m.group("global") and not m.group("static")]
        for u in sorted(outside, key=sort_key):
            header_end = NAMESPACE.search(text).start()
            plain = [m for m in USING.finditer(text[:header_end]) if not m.group("global") and not m.group("static")]
            line = f"using {u};\n"
            after = next((m for m in plain if sort_key(m.group("name")) > sort_key(u)), None)
            if after is not None:
                text = text[:after.start()] + line + text[after.start():]
            elif plain:
                last = plain[-1]
                pos = last.end() if text[last.end() - 1] == "\n" else last.end() + 1
                text = text[:pos] + line + text[pos:]
            else:
                text = text[:header_end] + line + "\n" + text[header_end:]
    return text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="list what would change; change nothing")
    parser.add_argument("--roots", nargs="*", default=ROOTS, help="top folders whose projects follow the rule")
    parser.add_argument("--repo", default=os.path.normpath(os.path.join(os.path.dirname(__file__), "..")))
    args = parser.parse_args()
    started = time.monotonic()
    repo = os.path.abspath(args.repo)

    # Every project of the repository takes part in the using fix-ups; only those under --roots are renamed.
    projects = [project_info(p) for p in find_projects(repo, ROOTS)]
    by_path = {p["path"]: p for p in projects}
    dirs = {p["dir"] for p in projects}
    renamed_roots = [os.path.join(repo, r) + os.sep for r in args.roots]
    shipped = os.path.join(repo, "sdk") + os.sep

    def expected_folder(p, ns):
        rest = ns[len(p["root_ns"]):].lstrip(".") if ns.startswith(p["root_ns"]) else "?"
        return os.path.relpath(os.path.join(p["dir"], *rest.split(".")), repo) if rest else os.path.relpath(p["dir"], repo)

    def closure(p, seen=None):
        seen = seen if seen is not None else set()
        for r in p["refs"]:
            if r not in seen and r in by_path:
                seen.add(r)
                closure(by_path[r], seen)
        return seen

    files = {}  # path -> dict
    for p in projects:
        visible_projects = closure(p) | {p["path"]}
        for f in source_files(p["dir"], dirs - {p["dir"]}):
            raw = open(f, "rb").read()
            bom = raw.startswith(b"\xef\xbb\xbf")
            text = raw.decode("utf-8-sig")
            matches = list(NAMESPACE.finditer(text))
            entry = {"text": text, "bom": bom, "project": p, "sees": visible_projects, "old": None, "new": None, "skip": None}
            if len(matches) != 1:
                entry["skip"] = "no namespace" if not matches else "several namespaces"
            elif matches[0].group("name").split(".")[0] in ("System", "Microsoft"):
                entry["skip"] = "a polyfill in the framework's namespace"
            else:
                entry["old"] = matches[0].group("name")
                expected = folder_namespace(p["root_ns"], p["dir"], f)
                renamed = any(f.startswith(r) for r in renamed_roots)
                if renamed and expected != entry["old"] and f.startswith(shipped):
                    # A namespace is part of a shipped package's public API: such a file moves to its namespace's folder.
                    renamed = False
                    print(f"not renamed (shipped API, move the file to {expected_folder(p, entry['old'])}): {os.path.relpath(f, repo)}")
                entry["new"] = expected if renamed else entry["old"]
                entry["block"] = matches[0].group("end") != ";"
            files[f] = entry

    # What moves: top-level types of each renamed file (and extension methods, which a caller names without the type).
    moved = defaultdict(list)  # old ns -> [(trigger names, type, new ns, project)]
    partial_parts = defaultdict(set)
    for f, e in files.items():
        if e["skip"] or e["old"] is None:
            continue
        types = top_level_types(e["text"], e["block"])
        e["types"] = types
        for t in types:
            partial_parts[(e["project"]["path"], e["old"], t)].add(e["new"])
        if e["old"] == e["new"]:
            continue
        extensions = {m.group("name") for m in EXTENSION.finditer(e["text"])}
        for t in types:
            triggers = {t} | ({t[:-len("Attribute")]} if t.endswith("Attribute") and len(t) > 9 else set())
            moved[e["old"]].append((triggers | extensions, t, e["new"], e["project"]["path"]))

    split = {k: v for k, v in partial_parts.items() if len(v) > 1}
    if split:
        print("A type declared in several folders (partial parts would become different types); fix by hand first:")
        for (_, ns, t), news in sorted(split.items()):
            print(f"  {ns}.{t} -> {sorted(news)}")
        return 2

    final_namespaces = set()
    for e in files.values():
        if e["new"]:
            final_namespaces |= parents(e["new"])
    for e in files.values():
        if e["skip"]:
            final_namespaces |= {m.group("name") for m in NAMESPACE.finditer(e["text"])}
            final_namespaces |= {p for m in NAMESPACE.finditer(e["text"]) for p in parents(m.group("name"))}
    repo_roots = {e["new"].split(".")[0] for e in files.values() if e["new"]}
    types_in = defaultdict(set)  # namespace after the run -> its top-level types
    for e in files.values():
        if e["new"]:
            types_in[e["new"]] |= e["types"]

    # Qualified names of moved types: Old.Ns.Type -> New.Ns.Type (code, cref and strings alike).
    qualified = {}
    for old, items in moved.items():
        for _, t, new, _ in items:
            qualified[f"{old}.{t}"] = f"{new}.{t}"
    qualified_re = re.compile(r"(?<![\w.])(?<!using )(?<!namespace )(" + "|".join(re.escape(q) for q in sorted(qualified, key=len, reverse=True)) + r")\b") if qualified else None

    project_global_usings = defaultdict(set)
    for f, e in files.items():
        if "global using" in e["text"]:
            project_global_usings[e["project"]["path"]] |= {
                m.group("name") for m in USING.finditer(e["text"]) if m.group("global") and not m.group("static")}

    changed = {}
    report = defaultdict(int)
    for f, e in files.items():
        text = e["text"]
        if qualified_re is not None:
            text, n = qualified_re.subn(lambda m: qualified[m.group(1)], text)
            report["qualified names"] += n
        if e["skip"]:
            if text != e["text"]:
                changed[f] = text
            continue

        old_ns, new_ns = e["old"], e["new"]
        header = text[:NAMESPACE.search(text).start()]
        usings = {m.group("name") for m in USING.finditer(header) if not m.group("static")}
        global_usings = project_global_usings[e["project"]["path"]]
        seen_before = parents(old_ns) | usings | global_usings
        seen_after = parents(new_ns) | usings | global_usings
        idents = set(IDENT.findall(text))
        own_types = e.get("types") or top_level_types(text, e["block"])

        # Partly qualified names of a moved type (Persistence.Unit from inside DigiHelsestasjon.Directory) follow it.
        for old, items in moved.items():
            segments = old.split(".")
            for _, t, target, _ in items:
                if t not in idents:
                    continue
                for k in range(1, len(segments)):
                    prefix, suffix = ".".join(segments[:k]), ".".join(segments[k:])
                    if prefix not in parents(old_ns) or segments[k] not in idents:
                        continue
                    moved_to = suffix + target[len(old):] if target.startswith(old + ".") else "global::" + target
                    text, n = re.subn(r"(?<![\w.])" + re.escape(f"{suffix}.{t}") + r"\b", f"{moved_to}.{t}", text)
                    report["partly qualified names"] += n

        # A type found before as a member of the file's own namespace (or a parent) was found ahead of every using at the
        # top; its using goes inside the namespace, where it keeps that precedence (MediatR.Unit must not win over Unit).
        needed = set()
        for ns in seen_before:
            for triggers, t, target, proj in moved.get(ns, []):
                if target in seen_after or proj not in e["sees"] or t in own_types and target == new_ns:
                    continue
                if triggers & idents:
                    needed.add((target, t, ns in parents(old_ns)))
        # Usings of namespaces that no longer exist go (only the repository's own namespaces).
        def drop(m):
            name = m.group("name")
            if m.group("static"):
                return m.group(0)
            if name.split(".")[0] in repo_roots and name not in final_namespaces:
                report["usings removed"] += 1
                return ""
            return m.group(0)
        ns_start = NAMESPACE.search(text).start()
        text = USING.sub(drop, text[:ns_start]) + text[ns_start:]

        outside, inside = set(), set()
        for target, t, was_member in needed:
            if target == new_ns:
                continue
            # A namespace called t beside the file's namespace (or above it) would win over a using outside.
            clash = any(f"{p}.{t}" in final_namespaces for p in parents(new_ns))
            (inside if clash or was_member else outside).add(target)
        # A type named like a namespace above the file (GetPersonPid from Contracts, seen from Features/GetPersonPid) now
        # resolves to that namespace: the using that brings the type goes inside the namespace, where it is looked at first.
        code = "\n".join(l for l in text.split("\n") if not re.match(r"\s*(global\s+)?(using|namespace)\s", l))
        strict_parents = parents(new_ns) - {new_ns}
        for t in set(IDENT.findall(code)):
            if t in types_in[new_ns] or not any(f"{p}.{t}" in final_namespaces for p in strict_parents):
                continue
            for source in (usings | global_usings | strict_parents | outside):
                if t in types_in.get(source, ()) and source != new_ns:
                    inside.add(source)
                    report["usings inside for a type named like a namespace"] += 1
        outside -= inside
        m = NAMESPACE.search(text)
        # Already there (a second run): nothing to add.
        inside -= set(re.findall(r"^\s*using\s+([\w.]+)\s*;", text[m.end():], re.M))
        outside -= set(re.findall(r"^using\s+([\w.]+)\s*;", text[:m.start()], re.M))
        if old_ns != new_ns:
            text = text[:m.start("name")] + new_ns + text[m.end("name"):]
            report["namespaces changed"] += 1
            m = NAMESPACE.search(text)
        if outside or inside:
            text = add_usings(text, outside, inside, m)
            report["usings added"] += len(outside) + len(inside)
            report["usings placed inside the namespace"] += len(inside)
        if text != e["text"]:
            changed[f] = text

    for f, text in sorted(changed.items()):
        rel = os.path.relpath(f, repo)
        if args.check:
            print(f"would change {rel}")
        else:
            with open(f, "w", encoding="utf-8-sig" if files[f]["bom"] else "utf-8", newline="") as out:
                out.write(text)
    for f, e in sorted(files.items()):
        if e["skip"] and any(f.startswith(r) for r in renamed_roots):
            print(f"left as it is ({e['skip']}): {os.path.relpath(f, repo)}")
    # Full type names in strings that are not the type's qualified name in code (reflection, configuration) are worth a look.
    for key, value in sorted(report.items()):
        print(f"{key}: {value}")
    print(f"files {'to change' if args.check else 'changed'}: {len(changed)} of {len(files)} in {time.monotonic() - started:.1f}s")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
