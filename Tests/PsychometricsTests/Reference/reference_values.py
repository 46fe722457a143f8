"""Reference values for PsychometricsTests, computed once and pinned in the Swift tests.

Data: psych's `bfi` (2,800 respondents of the SAPA project, 25 Big Five items scored 1-6, 731
missing answers, gender, education, age), from the R package psych 2.5.3 (data/bfi.rda, read
with pyreadr), saved as Fixtures/bfi.csv with NA for missing. Keys as psych's bfi.keys:
A1, C4, C5, E1, E2, O2, O5 reversed (7 - x). Panel data: pingouin's `icc` dataset (8 wines,
4 judges).

Run: python Tests/PsychometricsTests/Reference/reference_values.py
(pingouin 0.7.0, statsmodels 0.15.0, scipy 1.17, numpy 2.4, pandas; pingouin's rounding off).
Not run by the tests: its outputs are pinned there with the tolerance each states.

Where no package computes a figure the way psych does, it is computed here from psych's own
formulas (psych/R/alpha.R `alpha.1`, psych/R/omega.R + schmid.R, GPArotation's GPFoblq), with
numpy, and cross-checked against a package where one exists (factor_analyzer's minres).
"""
import pathlib

import numpy as np
import pandas as pd
import pingouin as pg
from scipy import stats
from statsmodels.miscmodels.ordinal_model import OrderedModel
from statsmodels.stats.contingency_tables import StratifiedTable
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

pg.options["round"] = None
here = pathlib.Path(__file__).resolve().parent
bfi = pd.read_csv(here.parent / "Fixtures" / "bfi.csv", na_values=["NA"])
reversed_items = ["A1", "C4", "C5", "E1", "E2", "O2", "O5"]
for item in reversed_items:
    bfi[item] = 7 - bfi[item]
scales = {s: [f"{s}{i}" for i in range(1, 6)] for s in "ACENO"}


def plain(value):
    if isinstance(value, (tuple, list, np.ndarray)):
        return [plain(v) for v in value]
    return float(value) if isinstance(value, (np.floating, np.integer, float)) else value


def show(name, value):
    print(f"{name} = {plain(value)!r}")


# -- Alpha family (psych alpha.1, pingouin cronbach_alpha) ---------------------------------------

def psych_alpha(C, R, n_obs):
    k = C.shape[0]
    raw = (1 - np.trace(C) / C.sum()) * k / (k - 1)
    sum_r = R.sum()
    std = (1 - k / sum_r) * k / (k - 1)
    smc = 1 - 1 / np.diag(np.linalg.inv(R))
    g6 = 1 - (k - smc.sum()) / sum_r
    av_r = (sum_r - k) / (k * (k - 1))
    sn = k * av_r / (1 - av_r)
    CC = C @ C
    q = (2 * k**2 / ((k - 1) ** 2 * C.sum() ** 3)) * (C.sum() * (np.trace(CC) + np.trace(C) ** 2) - 2 * np.trace(C) * CC.sum())
    ase = np.sqrt(q / n_obs)
    z = stats.norm.ppf(0.975)
    d1, d2 = n_obs - 1, (n_obs - 1) * (k - 1)
    feldt = (1 - (1 - raw) * stats.f.ppf(0.975, d1, d2), 1 - (1 - raw) * stats.f.ppf(0.025, d1, d2))
    return dict(raw=raw, std=std, g6=g6, av_r=av_r, sn=sn, ase=ase, feldt=feldt, duhachek=(raw - z * ase, raw + z * ase))


for scale, items in scales.items():
    data = bfi[items]
    complete = data.dropna()
    listwise = psych_alpha(complete.cov().values, complete.corr().values, len(complete))
    pairwise = psych_alpha(data.cov().values, data.corr().values, len(data))
    # pingouin agrees on raw alpha under both deletion rules (its CI is rounded, so not used).
    assert abs(pg.cronbach_alpha(data, nan_policy="listwise")[0] - listwise["raw"]) < 1e-12
    assert abs(pg.cronbach_alpha(data, nan_policy="pairwise")[0] - pairwise["raw"]) < 1e-12
    print(f"# scale {scale}: {len(complete)} complete of {len(data)}")
    for rule, values in (("listwise", listwise), ("pairwise", pairwise)):
        for key, value in values.items():
            show(f"{scale}.{rule}.{key}", value)


# -- Minres factor analysis, quartimin, Schmid-Leiman, omega -------------------------------------

def eig_sorted(m):
    values, vectors = np.linalg.eigh(m)
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    for j in range(vectors.shape[1]):  # largest-magnitude entry positive, as the Swift code
        if vectors[np.argmax(np.abs(vectors[:, j])), j] < 0:
            vectors[:, j] = -vectors[:, j]
    return values, vectors


def minres(R, m):
    """Iterated principal axes from SMCs to a fixed point: the minres (ULS) solution."""
    h2 = np.clip(1 - 1 / np.diag(np.linalg.inv(R)), 0.005, 0.995)
    for _ in range(10000):
        reduced = R.copy()
        np.fill_diagonal(reduced, h2)
        values, vectors = eig_sorted(reduced)
        loadings = vectors[:, :m] * np.sqrt(np.maximum(values[:m], 0))
        new = np.minimum((loadings**2).sum(axis=1), 0.995)
        change = np.max(np.abs(new - h2))
        h2 = new
        if change < 1e-12:
            break
    return loadings


def quartimin(A, eps=1e-10, maxit=1000):
    """GPArotation::GPFoblq with vgQ.oblimin(gam = 0)."""
    m = A.shape[1]
    N = np.ones((m, m)) - np.eye(m)

    def vgq(L):
        X = (L**2) @ N
        return L * X, np.sum(L**2 * X) / 4

    T = np.eye(m)
    al = 1.0
    L = A @ np.linalg.inv(T).T
    Gq, f = vgq(L)
    G = -(L.T @ Gq @ np.linalg.inv(T)).T
    for _ in range(maxit + 1):
        Gp = G - T @ np.diag(np.sum(T * G, axis=0))
        s = np.sqrt(np.sum(Gp**2))
        if s < eps:
            break
        al *= 2
        for _ in range(11):
            X = T - al * Gp
            Tt = X / np.sqrt(np.sum(X**2, axis=0))
            Lt = A @ np.linalg.inv(Tt).T
            Gqt, ft = vgq(Lt)
            if f - ft > 0.5 * s**2 * al:
                break
            al /= 2
        T, L, f, Gq = Tt, Lt, ft, Gqt
        G = -(L.T @ Gq @ np.linalg.inv(T)).T
    return L, T.T @ T


def omega(R, groups):
    F = minres(R, groups)
    if groups == 1:
        g = F[:, 0]
        group_loadings = np.zeros_like(F)
    else:
        pattern, phi = quartimin(F)
        if groups == 2:
            gl = np.sqrt(max(phi[0, 1], 0)) * np.ones(2)
        else:
            gl = minres(phi, 1)[:, 0]
        g = pattern @ gl
        group_loadings = pattern * np.sqrt(np.maximum(1 - gl**2, 0))
    h2 = g**2 + (group_loadings**2).sum(axis=1)
    vt = R.sum()
    return dict(total=1 - np.sum(1 - h2) / vt, hierarchical=g.sum() ** 2 / vt, ecv=np.sum(g**2) / np.sum(h2))


for scale, items in scales.items():
    R = bfi[items].dropna().corr().values
    for key, value in omega(R, 1).items():
        show(f"{scale}.omega1.{key}", value)
    show(f"{scale}.minres1.loadings", list(minres(R, 1)[:, 0]))
all_items = [item for items in scales.values() for item in items]
R25 = bfi[all_items].dropna().corr().values
for key, value in omega(R25, 5).items():
    show(f"bfi.omega5.{key}", value)
# Cross-check: the fixed point is the minimum of the minres criterion, found by an optimiser.
from scipy.optimize import minimize

R_A = bfi[scales["A"]].dropna().corr().values
off = ~np.eye(5, dtype=bool)
found = minimize(lambda l: np.sum(((R_A - np.outer(l, l))[off]) ** 2), np.full(5, 0.5), method="BFGS", options={"gtol": 1e-12})
print("# minres by BFGS on the residuals: max difference from the fixed point",
      np.max(np.abs(np.abs(found.x) - minres(R_A, 1)[:, 0])))

# Scale scores (mean of answered items) and their correlations, raw and disattenuated.
scores = pd.DataFrame({s: bfi[items].mean(axis=1, skipna=True) for s, items in scales.items()})
r_ac = scores["A"].corr(scores["C"])
show("scores.r.AC", r_ac)
alphas = {s: pg.cronbach_alpha(bfi[items], nan_policy="listwise")[0] for s, items in scales.items()}
show("scores.disattenuated.AC", r_ac / np.sqrt(alphas["A"] * alphas["C"]))


# -- Intraclass correlations (pingouin) ----------------------------------------------------------

wine = pg.read_dataset("icc")
icc = pg.intraclass_corr(data=wine, targets="Wine", raters="Judge", ratings="Scores")
table = wine.pivot_table(index="Wine", columns="Judge", values="Scores")
print("# wine table", table.values.tolist())
for _, row in icc.iterrows():
    show(f"icc.{row['Type']}", (row["ICC"], row["F"], row["df1"], row["df2"], row["pval"]))


def pingouin_ci(values):
    """pingouin.intraclass_corr's interval formulas, without its rounding to 2 decimals."""
    n, k = values.shape
    grand = values.mean()
    ss_r = k * ((values.mean(axis=1) - grand) ** 2).sum()
    ss_c = n * ((values.mean(axis=0) - grand) ** 2).sum()
    ss_e = ((values - grand) ** 2).sum() - ss_r - ss_c
    msb, msj, mse = ss_r / (n - 1), ss_c / (k - 1), ss_e / ((n - 1) * (k - 1))
    msw = (ss_c + ss_e) / (n * (k - 1))
    icc2 = (msb - mse) / (msb + (k - 1) * mse + k * (msj - mse) / n)
    f1k, f3k = msb / msw, msb / mse
    df1, df1kd, df2kd = n - 1, n * (k - 1), (n - 1) * (k - 1)
    f = stats.f
    f1l, f1u = f1k / f.ppf(0.975, df1, df1kd), f1k * f.ppf(0.975, df1kd, df1)
    f3l, f3u = f3k / f.ppf(0.975, df1, df2kd), f3k * f.ppf(0.975, df2kd, df1)
    fj = msj / mse
    vn = df2kd * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    vd = df1 * k**2 * icc2**2 * fj**2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    v = vn / vd
    f2u, f2l = f.ppf(0.975, n - 1, v), f.ppf(0.975, v, n - 1)
    l2 = n * (msb - f2u * mse) / (f2u * (k * msj + (k * n - k - n) * mse) + n * msb)
    u2 = n * (f2l * msb - mse) / (k * msj + (k * n - k - n) * mse + n * f2l * msb)
    return {
        "ICC(1,1)": ((f1l - 1) / (f1l + k - 1), (f1u - 1) / (f1u + k - 1)),
        "ICC(A,1)": (l2, u2),
        "ICC(C,1)": ((f3l - 1) / (f3l + k - 1), (f3u - 1) / (f3u + k - 1)),
        "ICC(1,k)": (1 - 1 / f1l, 1 - 1 / f1u),
        "ICC(A,k)": (l2 * k / (1 + l2 * (k - 1)), u2 * k / (1 + u2 * (k - 1))),
        "ICC(C,k)": (1 - 1 / f3l, 1 - 1 / f3u),
    }


for name, interval in pingouin_ci(table.values).items():
    printed = icc.set_index("Type").loc[name, "CI95"]
    assert np.allclose(np.round(interval, 2), printed), (name, interval, printed)
    show(f"icc.{name}.ci", interval)


# -- Group differences ---------------------------------------------------------------------------

men = scores["A"][bfi["gender"] == 1].dropna().values
women = scores["A"][bfi["gender"] == 2].dropna().values
d = pg.compute_effsize(women, men, eftype="cohen")
show("cohen.A.women-men", d)
show("cohen.A.ci", tuple(pg.compute_esci(stat=d, nx=len(women), ny=len(men), eftype="cohen", decimals=20)))
selected = scores["A"] >= 5  # "selected": a mean agreeableness of 5 or more
x_w, n_w = int(selected[bfi["gender"] == 2].sum()), int((bfi["gender"] == 2).sum())
x_m, n_m = int(selected[bfi["gender"] == 1].sum()), int((bfi["gender"] == 1).sum())
print(f"# selection: women {x_w} of {n_w}, men {x_m} of {n_m}")
show("ztest", proportions_ztest([x_m, x_w], [n_m, n_w]))
show("ratio.ci", confint_proportions_2indep(x_m, n_m, x_w, n_w, compare="ratio", method="log"))
show("fisher", stats.fisher_exact([[x_m, n_m - x_m], [x_w, n_w - x_w]])[1])


# -- Mantel-Haenszel DIF (statsmodels StratifiedTable) -------------------------------------------

# Item A2 by gender (reference: men = 1, focal: women = 2), matched on the A sum of complete
# answers; success = answer 5 or 6. Strata holding both groups and both outcomes only.
complete = bfi[scales["A"] + ["gender"]].dropna()
total = complete[scales["A"]].sum(axis=1)
tables = []
for value in sorted(total.unique()):
    rows = complete[total == value]
    success = rows["A2"] >= 5
    ref, foc = rows["gender"] == 1, rows["gender"] == 2
    t = np.array([[np.sum(success & ref), np.sum(~success & ref)], [np.sum(success & foc), np.sum(~success & foc)]])
    if t[0].sum() > 0 and t[1].sum() > 0 and t[:, 0].sum() > 0 and t[:, 1].sum() > 0:
        tables.append(t)
st = StratifiedTable(tables)
show("mh.A2.strata", len(tables))
show("mh.A2.or", st.oddsratio_pooled)
test = st.test_null_odds(correction=True)
show("mh.A2.chi2", test.statistic)
show("mh.A2.p", stats.chi2.sf(test.statistic, 1))
show("mh.A2.delta", -2.35 * np.log(st.oddsratio_pooled))
show("mh.A2.logodds_se", st.logodds_pooled_se)


# -- Ordinal logistic DIF (statsmodels OrderedModel) ---------------------------------------------

# Item A2 (categories 1-6 -> 0-5), matching = mean of the other A items (complete answers),
# group = woman; models 1: score, 2: + group, 3: + score x group.
rest = complete[["A1", "A3", "A4", "A5"]].mean(axis=1).values
group = (complete["gender"] == 2).astype(float).values
y = complete["A2"].astype(int).values - 1
designs = {1: np.column_stack([rest]), 2: np.column_stack([rest, group]), 3: np.column_stack([rest, group, rest * group])}
ll = {}
for model, X in designs.items():
    fit = OrderedModel(y, X, distr="logit").fit(method="newton", maxiter=1000, disp=False)
    assert fit.mle_retvals["converged"]
    ll[model] = fit.llf
    show(f"olr.A2.ll{model}", fit.llf)
counts = np.bincount(y)
ll0 = float(np.sum(counts * np.log(counts / counts.sum())))
show("olr.A2.ll0", ll0)
show("olr.A2.chi13", 2 * (ll[3] - ll[1]))
show("olr.A2.p13", stats.chi2.sf(2 * (ll[3] - ll[1]), 2))
show("olr.A2.dR2_13", (1 - ll[3] / ll0) - (1 - ll[1] / ll0))
show("olr.cases", len(y))
