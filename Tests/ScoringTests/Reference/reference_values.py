"""Reference values for AnalyticsTests, computed once with numpy/scipy and pinned in the tests.

Run: python3 Tests/ScoringTests/Reference/reference_values.py
(numpy 2.4, scipy 1.17 on the project machine). Not run by the tests: its outputs are pinned.
"""
import numpy as np
from scipy import stats

# A 6 x 4 matrix of item scores (rows: candidates, columns: items of one dimension).
items = np.array([
    [0.75, 0.50, 1.00, 0.75],
    [0.25, 0.25, 0.50, 0.00],
    [1.00, 0.75, 0.75, 1.00],
    [0.50, 0.50, 0.25, 0.50],
    [0.75, 1.00, 1.00, 0.75],
    [0.00, 0.25, 0.25, 0.50],
])

def alpha(m):
    k = m.shape[1]
    return k / (k - 1) * (1 - m.var(axis=0, ddof=1).sum() / m.sum(axis=1).var(ddof=1))

n, k = items.shape
a = alpha(items)
print("alpha", repr(a))
print("feldt95", repr(1 - (1 - a) * stats.f.ppf(0.975, n - 1, (n - 1) * (k - 1))),
      repr(1 - (1 - a) * stats.f.ppf(0.025, n - 1, (n - 1) * (k - 1))))
for j in range(k):
    rest = np.delete(items, j, axis=1).sum(axis=1)
    print("item", j, "rdrop", repr(np.corrcoef(items[:, j], rest)[0, 1]),
          "alpha_if_dropped", repr(alpha(np.delete(items, j, axis=1))))

# Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges.
sf = np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]], float)
n, k = sf.shape
grand = sf.mean()
ss_rows = k * ((sf.mean(axis=1) - grand) ** 2).sum()
ss_cols = n * ((sf.mean(axis=0) - grand) ** 2).sum()
ss_total = ((sf - grand) ** 2).sum()
ms_r = ss_rows / (n - 1)
ms_c = ss_cols / (k - 1)
ms_w = (ss_total - ss_rows) / (n * (k - 1))
ms_e = (ss_total - ss_rows - ss_cols) / ((n - 1) * (k - 1))
print("icc11", repr((ms_r - ms_w) / (ms_r + (k - 1) * ms_w)))
print("icc1k", repr((ms_r - ms_w) / ms_r))
print("icc21", repr((ms_r - ms_e) / (ms_r + (k - 1) * ms_e + k * (ms_c - ms_e) / n)))
print("icc2k", repr((ms_r - ms_e) / (ms_r + (ms_c - ms_e) / n)))

# Linear-weighted kappa of two raters' ordinal decisions (0 = best band).
a_r = np.array([0, 0, 1, 1, 2, 2, 3, 0, 1, 2])
b_r = np.array([0, 1, 1, 2, 2, 3, 3, 0, 0, 2])
c = 4
obs = np.zeros((c, c))
for x, y in zip(a_r, b_r):
    obs[x, y] += 1
obs /= obs.sum()
w = 1 - np.abs(np.subtract.outer(np.arange(c), np.arange(c))) / (c - 1)
exp = np.outer(obs.sum(axis=1), obs.sum(axis=0))
print("kappa_linear", repr(((w * obs).sum() - (w * exp).sum()) / (1 - (w * exp).sum())))

print("fisher", repr(stats.fisher_exact([[3, 7], [8, 2]])[1]), repr(stats.fisher_exact([[1, 9], [11, 3]])[1]))
print("f_ppf", repr(stats.f.ppf(0.975, 5, 15)), repr(stats.f.ppf(0.025, 5, 15)))
print("quantile", repr(np.quantile([1.0, 2.0, 4.0, 8.0, 16.0], 0.3)))
