#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""One epoch of Embex's sampled-softmax retrieval model written in PyTorch, for the side-by-side.

  torch_softmax_peer.py CSV --ratings N --threads T [--runs R] [--negatives S] [--batch B]

../shared/peers/torch_mf.py has no softmax model, so this is our own port of SoftmaxModel
(core/models/softmax_model.h), written the way a PyTorch user would make it fast:
  query x = mean of the user's other items' input vectors (one embedding_bag per distinct user of
  the batch, minus the target's own vector), tower Linear(d, 64)-ReLU-Linear(64, d);
  logits over S negatives shared by the batch, drawn with replacement from q ∝ (count + 1)^0.75,
  every logit corrected by −log(S·q), accidental hits masked; cross-entropy against the target.
  Sparse embedding gradients with SparseAdam, Adam for the tower, lr 0.003, d 32, batch 256.
  The epoch order is Embex's: users shuffled, their ratings pooled four batches at a time.
R epochs (3 by default), each from a fresh model. Prints one JSON line: {"model": "softmax",
"threads", "ratings", "epoch_s" (the median), "min_s", "max_s", "runs", "torch", "last_loss"}.
"""
import argparse
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from torch_peer import dense, summary


def epoch_order(users, n_users, batch, rng):
    """Users in random order, their rows pooled in groups of 4 batches and shuffled in the group."""
    by_user = np.argsort(users, kind='stable')
    starts = np.searchsorted(users[by_user], np.arange(n_users + 1))
    order, group = [], []
    for u in rng.permutation(n_users):
        group.extend(by_user[starts[u]:starts[u + 1]])
        if len(group) >= 4 * batch:
            order.extend(rng.permutation(group))
            group = []
    order.extend(rng.permutation(group))
    return np.asarray(order, dtype=np.int64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('csv')
    ap.add_argument('--ratings', type=int, required=True)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--negatives', type=int, default=512)
    ap.add_argument('--batch', type=int, default=256)
    ap.add_argument('--dim', type=int, default=32)
    ap.add_argument('--hidden', type=int, default=64)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)

    table = np.loadtxt(args.csv, delimiter=',', skiprows=1, usecols=(0, 1), max_rows=args.ratings, dtype=np.int64)
    users, n_users = dense(table[:, 0])
    items, n_items = dense(table[:, 1])
    d, S = args.dim, args.negatives

    by_user = np.argsort(users, kind='stable')
    history = torch.from_numpy(items[by_user])
    starts = torch.from_numpy(np.searchsorted(users[by_user], np.arange(n_users + 1)))
    counts = np.bincount(items, minlength=n_items).astype(np.float64)
    q = (counts + 1) ** 0.75
    q /= q.sum()
    proposal = torch.from_numpy(q)
    log_expected = torch.from_numpy(np.log(S * q)).float()

    def one_epoch():
        """A fresh model's first epoch: seconds and the last batch's loss."""
        E = torch.nn.Parameter(torch.randn(n_items, d) * 0.05)
        V = torch.nn.Parameter(torch.randn(n_items, d) * 0.05)
        b = torch.nn.Parameter(torch.from_numpy(np.log(counts + 0.5)).float().unsqueeze(1))
        tower = torch.nn.Sequential(torch.nn.Linear(d, args.hidden), torch.nn.ReLU(), torch.nn.Linear(args.hidden, d))
        sparse_opt = torch.optim.SparseAdam([E, V, b], lr=0.003)
        dense_opt = torch.optim.Adam(tower.parameters(), lr=0.003)

        tu, ti = torch.from_numpy(users), torch.from_numpy(items)
        t0 = time.perf_counter()
        order = torch.from_numpy(epoch_order(users, n_users, args.batch, rng))
        for s in range(0, len(order), args.batch):
            idx = order[s:s + args.batch]
            u, target = tu[idx], ti[idx]
            batch_users, slot = torch.unique(u, return_inverse=True)
            lo, hi = starts[batch_users], starts[batch_users + 1]
            lengths = hi - lo
            bag = torch.cat([history[a:z] for a, z in zip(lo.tolist(), hi.tolist())])
            offsets = torch.cumsum(lengths, 0) - lengths
            sums = F.embedding_bag(bag, E, offsets, mode='sum', sparse=True)
            n = lengths[slot].clamp(min=2).float().unsqueeze(1) - 1
            x = (sums[slot] - F.embedding(target, E, sparse=True)) / n
            psi = tower(x)
            negatives = torch.multinomial(proposal, S, replacement=True)
            neg_logits = psi @ F.embedding(negatives, V, sparse=True).t() \
                + F.embedding(negatives, b, sparse=True).t() - log_expected[negatives]
            neg_logits = neg_logits.masked_fill(negatives.unsqueeze(0) == target.unsqueeze(1), float('-inf'))
            true_logit = (psi * F.embedding(target, V, sparse=True)).sum(1, keepdim=True) \
                + F.embedding(target, b, sparse=True) - log_expected[target].unsqueeze(1)
            logits = torch.cat([true_logit, neg_logits], 1)
            loss = F.cross_entropy(logits, torch.zeros(len(idx), dtype=torch.long))
            sparse_opt.zero_grad(set_to_none=True)
            dense_opt.zero_grad(set_to_none=True)
            loss.backward()
            sparse_opt.step()
            dense_opt.step()
        return time.perf_counter() - t0, float(loss)

    runs = [one_epoch() for _ in range(max(1, args.runs))]
    line = summary('softmax', args.threads, len(users), [s for s, _ in runs], torch.__version__)
    line['last_loss'] = runs[-1][1]
    print(json.dumps(line), flush=True)


if __name__ == '__main__':
    sys.exit(main())
