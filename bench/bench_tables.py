#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The tables of scripts/bench: its collected JSON lines as text, one JSON object, or Markdown.

  bench_tables.py --results FILE --peers FILE --inspect FILE --data CSV --format text|json|markdown
                  [--markdown PATH|-] [--command TEXT] [--runs N] [--gui-epochs N] ...

--results holds embex_bench's and embex_gui_bench's lines, --peers the PyTorch side by side,
--inspect `embex-cli inspect --json` of the bench file. The Markdown (docs/benchmarks.md) names
the machine and the command, never a date or a commit: run the command again to replace it.
"""
import argparse
import json
import os
import platform
import re
import sys

# What each row of the table times; Markdown only. Keep it true to bench/*.cpp.
ROWS = [
    ('import Projector vectors.tsv 1000000x64, 1 / 2 threads',
     '`importEmbeddings` of a Projector `vectors.tsv` written once beside the ratings (1,000,000 lines of 64 '
     'tab-separated numbers of 9 digits, no header, no id, ~840 MB): mapped, parsed on every core, rows numbered; '
     'file MB/s; the parse and the copy into the table run on that many OpenMP threads'),
    ('import Spark JSON Lines 200000x64, 1 / 2 threads',
     '`importEmbeddings` of a Spark ALS `itemFactors` file written once beside the ratings (200,000 lines of '
     '`{"id":N,"features":[64 numbers of 17 digits]}`, ~276 MB), file MB/s, on that many OpenMP threads'),
    ('load, 1 / 2 threads', '`loadRatings` of the whole file (detect, parse, number ids), file MB/s'),
    ('load peak RSS; peak / columnar table',
     '`/usr/bin/time` peak of `embex-cli inspect` in its own process; the table is 12 bytes a rating '
     '+ 8 for the timestamp'),
    ('dot+bias SGD setup', 'building the model once: initial weights and the ratings copied into rating blocks'),
    ('dot+bias SGD epoch, k=32',
     'one epoch as the trainer times it (every rating\'s SGD step, block by block, and the snapshot), '
     'ratings/s; setup excluded, as LIBMF\'s per-iteration figure excludes it'),
    ('dot+bias SVD++ SGD epoch, k=32, 1 thread',
     'one epoch of dot+bias with the implicit term (`--implicit-term`: users walked one by one, each user\'s '
     'y_j moved once per user), timed the same way; it trains on one thread'),
    ('ALS iteration, k=32', 'one epoch (all users, then all items), timed the same way'),
    ('MLP / softmax epoch (defaults)',
     'one epoch of the default model on the file\'s first 1,000,000 (MLP) or 200,000 (softmax, 512 sampled '
     'negatives) ratings, the whole catalogue kept; a derived row scales the rate to the whole file'),
    ('… scaling, 2 threads / 1',
     'the 2-thread rate over the 1-thread rate (medians; min and max pair the extremes)'),
    ('PCA 62000x64', '`computePca` of a random 62,000 × 64 matrix (the map\'s projection), after a warm-up'),
    ('top-10 cosine query 62000x64', 'one `NeighborIndex::neighbours` call; median of per-batch medians of 200'),
    ('neighbour layout 62000x32',
     '`computeNeighbourLayout` (cosine, exact k-NN graph) of the file\'s item vectors after 3 epochs of dot+bias '
     'k = 32, then its neighbours kept on a sample of 2,000 items, and PCA\'s'),
    ('warm-started layout update',
     'the same items after one more epoch, warm-started from that layout, and the recall of its refined graph'),
    ('neighbour layout 1000000x64',
     '1,000,000 random 64-D vectors in 1,000 overlapping clusters (an import\'s shape), NN-descent graph (the same on any thread count): time, '
     'CPU time, progress reports and the longest gap between them (and the step it fell in), each step\'s wall and '
     'CPU seconds, the peak RSS increase, and a run cancelled at 2 % (request to return)'),
    ('ranking metrics at k=10, 943x1682',
     '`topLists`, `catalogueFacts` and `evaluateLists` (every ranking and beyond-accuracy metric) of dot+bias '
     'after 2 epochs on demo data of MovieLens 100k\'s shape, 10 ratings a user held out; made in-process, '
     'not from the file'),
    ('ranking metrics at k=10, 162000x62000',
     'the same three calls on demo data of MovieLens 25M\'s shape (162,000 users × 62,000 items, ~25 million '
     'ratings, Zipf popularity, 10 a user held out) for a dot+bias model with d = 32 and random weights; made '
     'in-process, not from the file; 3 runs at most'),
    ('tune dot+bias 3x3 grid',
     '`tune` of dot+bias over dim = 32, 64, 128 × reg = 0.02, 0.05, 0.1 with its default 88 epochs: 9 trials on a '
     'random 10 % carve of ml-100k\'s u1.base, the best retrained on all of u1.base and tested on u1.test'),
    ('map redraw', '`EmbeddingMap::redrawNow()` of every item in a 1280 × 800 window, offscreen'),
    ('map redraw with region labels',
     'the same, coloured by twelve named groups whose labels are laid out (no overlaps) on every redraw'),
    ('lasso selection',
     '`pointsInPolygon` of a 256-vertex lasso over every drawn item, set as the map\'s region (`setRegion`), '
     'before the repaint'),
    ('GUI timer gap while training, p50 / p99',
     'the real window loads the file, then trains dot+bias (k = 32, 1 thread); a 5 ms timer on the GUI thread '
     'records how late it fires from the click on Train until the last epoch\'s map is drawn. 5 ms means no stall'),
    ('GUI timer gap, Neighbourhoods layout',
     'the same timer from the choice of Neighbourhoods until the trained model\'s items are laid out, drawn '
     'and measured'),
]


def cpu_description():
    """CPU model, cores and logical CPUs from /proc/cpuinfo."""
    model, logical, cores = None, 0, set()
    physical = core = None
    try:
        for line in open('/proc/cpuinfo'):
            key, _, value = (part.strip() for part in line.partition(':'))
            if key == 'processor':
                logical += 1
            elif key == 'model name' and model is None:
                model = value
            elif key == 'physical id':
                physical = value
            elif key == 'core id':
                core = value
                cores.add((physical, core))
    except OSError:
        pass
    logical = logical or os.cpu_count() or 0
    count = len(cores) or logical
    text = f"{model or platform.processor() or platform.machine()}, {count} core{'s' if count != 1 else ''}"
    return text + (f" ({logical} logical CPUs)" if logical != count else '')


def memory_description():
    try:
        for line in open('/proc/meminfo'):
            if line.startswith('MemTotal:'):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return 'unknown'


def system_description():
    name = platform.system()
    try:
        for line in open('/etc/os-release'):
            if line.startswith('PRETTY_NAME='):
                name = line.split('=', 1)[1].strip().strip('"')
    except OSError:
        pass
    return f"{name}, {platform.system()} {platform.release()}, {platform.machine()}"


def build_description(build):
    cache = {}
    try:
        for line in open(os.path.join(build, 'CMakeCache.txt')):
            m = re.match(r'^(CMAKE_BUILD_TYPE|EMBEX_ARCH|EMBEX_CPU_RUNS_X86_64_V3):\w+=(.*)$', line.strip())
            if m:
                cache[m.group(1)] = m.group(2)
    except OSError:
        return 'unknown'
    arch = cache.get('EMBEX_ARCH', 'auto')
    march = {'auto': 'x86-64-v3' if cache.get('EMBEX_CPU_RUNS_X86_64_V3') == '1' else None,
             'portable': None}.get(arch, arch)
    return f"{cache.get('CMAKE_BUILD_TYPE', '?')}, EMBEX_ARCH={arch} " + (
        f"(-march={march})" if march else "(the compiler's portable default)")


def peer_cell(row, side):
    """'0.123 (0.120–0.131)': a side's median epoch seconds with its min and max."""
    return f"{row[side + '_s']:.3g} ({row[side + '_min_s']:.3g}–{row[side + '_max_s']:.3g})"


def speedup_cell(row, times):
    return f"{row['speedup']:.1f} {times} ({row['speedup_min']:.1f}–{row['speedup_max']:.1f})"


def main():
    p = argparse.ArgumentParser()
    for name in ('results', 'peers', 'inspect', 'data', 'markdown', 'command', 'commit', 'version', 'build', 'root'):
        p.add_argument('--' + name.replace('_', '-'), default='')
    p.add_argument('--format', choices=('text', 'json', 'markdown'), default='text')
    p.add_argument('--runs', type=int, default=5)
    p.add_argument('--gui-epochs', type=int, default=2)
    args = p.parse_args()

    rows = [json.loads(l) for l in open(args.results) if l.startswith('{')]
    info = json.load(open(args.inspect))
    # the columnar table: uint32 user, uint32 item, float rating (+ int64 timestamp)
    table_mb = info['ratings'] * (12 + (8 if info.get('has_timestamps') else 0)) / 1e6
    for r in list(rows):
        if r.pop('kb', False):
            r['median'] = r['median'] * 1024 / 1e6
            rows.append({'name': r['name'].replace('peak RSS', 'peak / columnar table'), 'unit': 'x',
                         'median': r['median'] / table_mb, 'runs': 1,
                         'note': f"table {table_mb:.0f} MB for {info['ratings']:,} ratings"})
    rows.sort(key=lambda r: not r['name'].startswith('load'))
    # neural rows are measured on a prefix of the file: their rate gives the whole file's epoch
    with_derived = []
    for r in rows:
        with_derived.append(r)
        if r['name'].startswith(('MLP', 'softmax')) and r['unit'] == 'ratings/s':
            with_derived.append({'name': r['name'].split(' epoch')[0] + ' epoch of the whole file, '
                                 + r['name'].rsplit(', ', 1)[1], 'unit': 's',
                                 'median': info['ratings'] / r['median'], 'min': info['ratings'] / r['max'],
                                 'max': info['ratings'] / r['min'], 'runs': r['runs'], 'note': 'from the rate above'})
    rows = with_derived
    side = []
    plines = [json.loads(l) for l in open(args.peers) if l.startswith('{')] if args.peers else []
    torch = {(q['model'], q['threads']): q for q in plines if 'epoch_s' in q}
    names = {'dotbias': 'dot+bias (k 32, Adam)', 'mlp': 'MLP (k 8, 32-4-1, Adam)',
             'softmax': 'softmax (d 32, 64, S 512)*'}
    for q in plines:
        if 'name' in q and q['name'].startswith('peer '):
            model = q['name'].split()[1]
            threads = int(q['name'].split(', ')[1].split()[0])
            t = torch.get(({'dotbias': 'mf'}.get(model, model), threads))
            if t:
                # min and max pair the extremes: the speed-up's range is PyTorch's fastest over Embex's
                # slowest up to its slowest over Embex's fastest
                torch_min, torch_max = t.get('min_s', t['epoch_s']), t.get('max_s', t['epoch_s'])
                side.append({'model': names[model], 'threads': threads, 'ratings': t['ratings'],
                             'embex_s': q['median'], 'embex_min_s': q['min'], 'embex_max_s': q['max'],
                             'embex_runs': q['runs'], 'torch_s': t['epoch_s'], 'torch_min_s': torch_min,
                             'torch_max_s': torch_max, 'torch_runs': t.get('runs', 1),
                             'speedup': t['epoch_s'] / q['median'], 'speedup_min': torch_min / q['max'],
                             'speedup_max': torch_max / q['min'], 'torch': t['torch']})
    file_mb = os.path.getsize(args.data) / 1e6
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}"
    try:
        machine += ', ' + next(l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name'))
    except (OSError, StopIteration):
        pass

    if args.format == 'json':
        print(json.dumps({'machine': machine, 'commit': args.commit, 'file': args.data, 'file_mb': file_mb,
                          'results': rows, 'peer': side}))
        return
    fmt = lambda v: '' if v is None else (f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}")
    if args.format == 'text':
        print(f"machine: {machine}\ncommit:  {args.commit}\n"
              f"file:    {args.data} ({file_mb:.0f} MB, {info['ratings']:,} ratings)\n")
        print(f"{'benchmark':48} {'median':>14} {'min':>12} {'max':>12}  unit")
        for r in rows:
            print(f"{r['name']:48} {fmt(r['median']):>14} {fmt(r.get('min')):>12} {fmt(r.get('max')):>12}  {r['unit']}"
                  + (f"  ({r['note']})" if r.get('note') else ''))
        if side:
            print(f"\nPyTorch peer ({side[0]['torch']}), one epoch each on the file's first "
                  f"{side[0]['ratings']:,} ratings; medians (min-max) of the runs on each side:")
            print(f"{'model':28} {'threads':>7} {'runs':>5} {'Embex s':>20} {'PyTorch s':>20} {'PyTorch/Embex':>20}")
            for s in side:
                print(f"{s['model']:28} {s['threads']:>7} {str(s['embex_runs']) + '/' + str(s['torch_runs']):>5} "
                      f"{peer_cell(s, 'embex'):>20} {peer_cell(s, 'torch'):>20} {speedup_cell(s, 'x'):>20}")
            if any(s['model'].endswith('*') for s in side):
                print("* PyTorch side: bench/torch_softmax_peer.py, our port (torch_mf.py has no softmax model)")
        return

    threads = sorted({int(m) for r in rows for m in re.findall(r'(\d+) threads?\b', r['name'])})
    data = os.path.relpath(args.data, args.root) if args.root else args.data
    out = []
    out.append('# Benchmarks\n')
    out.append(f"This file is written by `{args.command}`; run it again to replace it rather than editing it "
               "by hand. [Running the benchmarks](#running-the-benchmarks) says how, and "
               "[what each row times](#what-each-row-times) what the figures mean.\n")
    if args.runs < 3 or any(o in args.command.split() for o in ('--only', '--ratings', '--no-peer', '--no-gui')):
        out.append(f"> These figures come from a partial run (`{args.command}`): a part of the groups, a smaller file or few runs, so "
                   "they say little; figures measured beside other work say less. `scripts/bench --markdown` on a "
                   "quiet machine gives the full tables.\n")
    out.append('## Machine\n')
    out.append(f"- CPU: {cpu_description()}")
    out.append(f"- memory: {memory_description()}")
    out.append(f"- system: {system_description()}")
    out.append(f"- build: {build_description(args.build)}" if args.build else '- build: unknown')
    out.append(f"- program: {args.version}" if args.version else '')
    out.append(f"- data: `{data}`, {file_mb:,.0f} MB, {info['ratings']:,} ratings "
               "(`embex-cli demo`: 162,000 users, 62,000 items, Zipf popularity)")
    out.append(f"- runs: each row says how many; `--runs {args.runs}` asks for {args.runs} "
               "(ALS, the neural models and both sides of the PyTorch side by side run at most 3 times, the "
               "layouts at most 2; peak memory and the GUI timer once)")
    try:
        load = os.getloadavg()[0]
        out.append(f"- load average when the tables were written: {load:.1f} on {os.cpu_count()} CPUs"
                   + (" (other work was running: every row is slower than on a quiet machine)"
                      if load > 0.5 * (os.cpu_count() or 1) else ''))
    except OSError:
        pass
    if threads:
        out.append(f"- threads: {' and '.join(map(str, threads))}; each row names its count")
    if any(r['name'].startswith('GUI') for r in rows):
        out.append(f"- the GUI rows train dot+bias on 1 thread for {args.gui_epochs} epoch(s)")
    out = [line for line in out if line != '']
    out[-1] += '\n'
    out.append('## Results\n')
    out.append('| benchmark | median | min | max | unit | runs | note |')
    out.append('| --- | ---: | ---: | ---: | --- | ---: | --- |')
    for r in rows:
        note = (r.get('note') or '').replace('|', '\\|')
        out.append(f"| {r['name']} | {fmt(r['median'])} | {fmt(r.get('min'))} | {fmt(r.get('max'))} | {r['unit']} "
                   f"| {r.get('runs', '')} | {note} |")
    if not rows:
        out.append('| (no rows in this run) | | | | | | |')
    out.append('')
    if side:
        out.append('## Beside PyTorch\n')
        out.append(f"One epoch each on the file's first {side[0]['ratings']:,} ratings, PyTorch "
                   f"{side[0]['torch']} (`../shared/peers/torch_mf.py`'s own `run_fold`, through "
                   "`bench/torch_peer.py`), both sides with the peer's settings and denormals flushed. Medians "
                   "with (min–max) of the runs on each side, every run from a fresh model; the speed-up's range "
                   "pairs the extremes.\n")
        out.append('| model | threads | runs (Embex / PyTorch) | Embex s | PyTorch s | PyTorch / Embex |')
        out.append('| --- | ---: | ---: | ---: | ---: | ---: |')
        for s in side:
            out.append(f"| {s['model']} | {s['threads']} | {s['embex_runs']} / {s['torch_runs']} "
                       f"| {peer_cell(s, 'embex')} | {peer_cell(s, 'torch')} | {speedup_cell(s, '×')} |")
        if any(s['model'].endswith('*') for s in side):
            out.append('\n\\* `torch_mf.py` has no softmax model: the PyTorch side is `bench/torch_softmax_peer.py`, '
                       'our port of Embex\'s (the same negatives, log-Q correction and epoch order, `embedding_bag` '
                       'and `SparseAdam` as a PyTorch user would write it).')
        out.append('')
    out.append('## What each row times\n')
    out.append('| row | what is timed |')
    out.append('| --- | --- |')
    for name, what in ROWS:
        out.append(f"| {name} | {what} |")
    out.append('')
    out.append('## Running the benchmarks\n')
    out.append('```sh\n'
               'scripts/bench --markdown             # every group, 5 runs: writes this file (10+ minutes on 2 cores)\n'
               'scripts/bench                        # the same tables as text, with the commit\n'
               'scripts/bench --json                 # one JSON object\n'
               'scripts/bench --only pca --runs 1    # one group: import, load, train, als, neural, pca,\n'
               '                                     # neighbours, layout, layout-million, gui or peer\n'
               'scripts/bench --markdown - --ratings 200000 --only train   # a small file; Markdown to stdout\n'
               '```\n')
    out.append('The script builds Release, generates the data file once into `build/bench-data/`, runs '
               '`build/bench/embex_bench` (core), `build/bench/embex_gui_bench` (offscreen window) and the PyTorch '
               'peer when `../shared/peers/torch_mf.py` and Debian\'s `python3-torch` are there. Measure on a quiet '
               'machine: on a shared 2-core machine the two-thread rows collapse whenever the other core is busy. '
               '`embex_bench FILE --only train|neural --profile-threads 1` also prints CPU seconds per thread hand-off '
               'on stderr, which other load barely moves.')
    text = '\n'.join(out) + '\n'
    if args.markdown in ('', '-'):
        sys.stdout.write(text)
    else:
        with open(args.markdown, 'w') as f:
            f.write(text)
        print(f"bench: wrote {args.markdown}", file=sys.stderr)


if __name__ == '__main__':
    main()
