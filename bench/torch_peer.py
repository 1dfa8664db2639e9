#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""One epoch of the PyTorch peer (shared/peers/torch_mf.py, imported unchanged) on a bench file.

  torch_peer.py PEER_DIR CSV --model mf|mlp --ratings N --threads T [--runs R]

Reads the first N ratings of CSV (userId,itemId,rating,... with a header, as embex-cli demo
writes it), maps ids to dense indices in order of appearance, and times one epoch of the peer's
own run_fold with its defaults (mf: k 32, Adam, batch 1024; mlp: k 8, Dense 32-4-1, Adam, batch
1024), denormals flushed (the peer's --flush-denormal; Embex flushes them too), R times (3 by
default), each from a fresh model. Prints one JSON line: {"model", "threads", "ratings", "epoch_s"
(the median), "min_s", "max_s", "runs", "torch"}.
"""
import argparse
import json
import statistics
import sys

import numpy as np


def dense(ids):
    _, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    # renumber by first appearance, as Embex's loader does, so both sides see the same indices
    rank = np.empty_like(first)
    rank[np.argsort(first)] = np.arange(len(first))
    return rank[inverse].astype(np.int64), len(first)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('peer_dir')
    ap.add_argument('csv')
    ap.add_argument('--model', choices=['mf', 'mlp'], required=True)
    ap.add_argument('--ratings', type=int, required=True)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--runs', type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, args.peer_dir)
    import torch
    import torch_mf

    table = np.loadtxt(args.csv, delimiter=',', skiprows=1, usecols=(0, 1, 2), max_rows=args.ratings,
                       dtype=np.float64)
    users, n_users = dense(table[:, 0].astype(np.int64))
    items, n_items = dense(table[:, 1].astype(np.int64))
    ratings = table[:, 2].astype(np.float32)
    train = (users, items, ratings)
    test = (users[:1000], items[:1000], ratings[:1000])

    peer_args = ['--model', args.model, '--epochs', '1', '--threads', str(args.threads), '--flush-denormal']
    if args.model == 'mlp':
        peer_args += ['--k', '8']
    sys.argv = ['torch_mf.py'] + peer_args
    parser_args = parse_peer_args(torch_mf)
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)  # as the peer's --flush-denormal; Embex's trainer flushes them too
    clip = (float(ratings.min()), float(ratings.max()))
    seconds = [torch_mf.run_fold(parser_args, train, test, n_users, n_items, clip)['epoch_s'][0]
               for _ in range(max(1, args.runs))]
    print(json.dumps(summary(args.model, args.threads, len(ratings), seconds, torch.__version__)), flush=True)


def summary(model, threads, ratings, seconds, version):
    """The JSON line of one side-by-side row: median, min and max of the runs' epoch seconds."""
    return {'model': model, 'threads': threads, 'ratings': ratings, 'epoch_s': statistics.median(seconds),
            'min_s': min(seconds), 'max_s': max(seconds), 'runs': len(seconds), 'torch': version}


def parse_peer_args(torch_mf):
    """The peer's own defaults: run its argument parser without running its main()."""
    captured = {}
    real_parse = torch_mf.argparse.ArgumentParser.parse_args

    def capture(self, *a, **kw):
        captured['args'] = real_parse(self, *a, **kw)
        raise SystemExit(0)

    torch_mf.argparse.ArgumentParser.parse_args = capture
    try:
        torch_mf.main()
    except SystemExit:
        pass
    finally:
        torch_mf.argparse.ArgumentParser.parse_args = real_parse
    return captured['args']


if __name__ == '__main__':
    sys.exit(main())
