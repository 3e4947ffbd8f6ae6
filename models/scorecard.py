"""The challenger: a logistic scorecard on weight-of-evidence bins, and its ONNX graph.

Each numeric feature is cut into up to eight bins of about equal count
(neighbours merged until each holds at least 5 % of the loans and some good
and some bad ones); each category of a categorical feature is a bin. A bin's
weight of evidence is ln(share of the good loans in it / share of the bad
ones), and a logistic regression on those weights gives the scorecard: a
loan's log-odds of default is the intercept plus, for each feature, its
coefficient times its bin's weight.

The ONNX graph is written out by hand with the same arithmetic (count the
edges a value reaches, look up the bin's points, add, logistic), and gives
the same outputs as the champion's: a label and the two class probabilities.
Bin edges are float32 numbers, so the graph and numpy cut in the same place.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.spec import FeatureType, Spec

_BINS = 8
_MIN_SHARE = 0.05
#: half a loan added to each side of a bin's count, so an all-good bin has a finite weight
_SMOOTH = 0.5


@dataclass(frozen=True)
class Binning:
    #: inner edges; a value at or above edges[k] is past bin k
    edges: tuple[float, ...]
    woe: tuple[float, ...]

    def bins(self, column: np.ndarray) -> np.ndarray:
        edges = np.asarray(self.edges, dtype=np.float32)
        return np.asarray(
            (np.asarray(column, dtype=np.float32)[:, None] >= edges[None, :]).sum(axis=1)
        )


@dataclass(frozen=True)
class Scorecard:
    binnings: tuple[Binning, ...]
    coefficients: tuple[float, ...]
    intercept: float

    def points(self) -> list[np.ndarray]:
        """Each feature's log-odds contribution per bin."""
        return [
            np.asarray(b.woe, dtype=np.float64) * c
            for b, c in zip(self.binnings, self.coefficients, strict=True)
        ]

    def woe_matrix(self, x: np.ndarray) -> np.ndarray:
        return np.stack(
            [np.asarray(b.woe)[b.bins(x[:, j])] for j, b in enumerate(self.binnings)], axis=1
        )

    def predict(self, x: np.ndarray) -> np.ndarray:
        """PD of each row, in float64 (the native prediction the graph is checked against)."""
        logit = self.intercept + sum(
            p[b.bins(x[:, j])]
            for j, (b, p) in enumerate(zip(self.binnings, self.points(), strict=True))
        )
        return np.asarray(1 / (1 + np.exp(-np.asarray(logit))), dtype=np.float64)


def _merge(edges: list[float], column: np.ndarray, y: np.ndarray) -> list[float]:
    """Edges with thin bins, or bins of one outcome only, merged into a neighbour."""
    minimum = max(1, int(_MIN_SHARE * len(column)))
    while edges:
        index = np.searchsorted(
            np.asarray(edges, dtype=np.float32), column.astype(np.float32), side="right"
        )
        counts = np.bincount(index, minlength=len(edges) + 1)
        bads = np.bincount(index, weights=y, minlength=len(edges) + 1)
        weak = [k for k in range(len(counts)) if counts[k] < minimum or bads[k] in (0, counts[k])]
        if not weak:
            break
        k = weak[0]
        # drop the edge between bin k and its smaller neighbour
        if k == 0:
            edges.pop(0)
        elif k == len(edges) or counts[k - 1] <= counts[k + 1]:
            edges.pop(k - 1)
        else:
            edges.pop(k)
    return edges


def _woe(edges: list[float], column: np.ndarray, y: np.ndarray) -> np.ndarray:
    index = np.searchsorted(
        np.asarray(edges, dtype=np.float32), column.astype(np.float32), side="right"
    )
    bins = len(edges) + 1
    bad = np.bincount(index, weights=y, minlength=bins) + _SMOOTH
    good = np.bincount(index, weights=1 - y, minlength=bins) + _SMOOTH
    return np.asarray(np.log((good / good.sum()) / (bad / bad.sum())))


def _monotone(edges: list[float], column: np.ndarray, y: np.ndarray, direction: int) -> list[float]:
    """Edges merged until the weights run the declared way.

    A feature that may only raise the risk (+1) has weights of evidence that
    fall from bin to bin; one that may only lower it (-1), weights that rise.
    """
    while edges:
        steps = np.diff(_woe(edges, column, y)) * direction
        wrong = np.flatnonzero(steps > 0)
        if wrong.size == 0:
            break
        edges.pop(int(wrong[0]))
    return edges


def _binning(column: np.ndarray, y: np.ndarray, categorical: int | None, monotone: int) -> Binning:
    if categorical is not None:
        edges = [float(np.float32(k + 0.5)) for k in range(categorical - 1)]
    else:
        quantiles = np.quantile(column, np.linspace(0, 1, _BINS + 1)[1:-1])
        edges = sorted({float(np.float32(q)) for q in quantiles})
        edges = _merge(edges, column, y)
        if monotone:
            edges = _monotone(edges, column, y, monotone)
    return Binning(tuple(edges), tuple(float(w) for w in _woe(edges, column, y)))


def fit_scorecard(spec: Spec, x: np.ndarray, y: np.ndarray) -> Scorecard:
    from sklearn.linear_model import LogisticRegression

    binnings = tuple(
        _binning(
            x[:, j],
            y.astype(np.float64),
            len(f.categories) if f.type is FeatureType.CATEGORICAL else None,
            f.monotone,
        )
        for j, f in enumerate(spec.features)
    )
    woe = np.stack([np.asarray(b.woe)[b.bins(x[:, j])] for j, b in enumerate(binnings)], axis=1)
    # A higher weight means fewer bad loans, so every coefficient should come out
    # negative; a feature whose coefficient turns positive (it overlaps others) is
    # left out, or its bins would score the wrong way round.
    kept = list(range(len(binnings)))
    while True:
        model = LogisticRegression(C=1.0, max_iter=1000).fit(woe[:, kept], y)
        positive = [kept[i] for i, c in enumerate(model.coef_[0]) if c > 0]
        if not positive or len(kept) == 1:
            break
        kept.remove(positive[0])
    coefficients = [0.0] * len(binnings)
    for i, j in enumerate(kept):
        coefficients[j] = min(0.0, float(model.coef_[0][i]))
    return Scorecard(binnings, tuple(coefficients), float(model.intercept_[0]))


def to_onnx(card: Scorecard) -> bytes:
    """The scorecard as an ONNX graph: features [N, n] float → label [N], probabilities [N, 2]."""
    import onnx
    from onnx import TensorProto, helper

    nodes: list[onnx.NodeProto] = []
    inits: list[onnx.TensorProto] = []
    terms: list[str] = []
    for j, (binning, points) in enumerate(zip(card.binnings, card.points(), strict=True)):
        col, table = f"col{j}", f"points{j}"
        inits.append(helper.make_tensor(f"index{j}", TensorProto.INT64, [1], [j]))
        inits.append(
            helper.make_tensor(table, TensorProto.FLOAT, [len(points)], points.astype(np.float32))
        )
        nodes.append(helper.make_node("Gather", ["features", f"index{j}"], [col], axis=1))
        if binning.edges:
            inits.append(
                helper.make_tensor(
                    f"edges{j}", TensorProto.FLOAT, [len(binning.edges)], list(binning.edges)
                )
            )
            nodes += [
                helper.make_node("GreaterOrEqual", [col, f"edges{j}"], [f"past{j}"]),
                helper.make_node("Cast", [f"past{j}"], [f"pastn{j}"], to=TensorProto.INT64),
                helper.make_node("ReduceSum", [f"pastn{j}", "axis1"], [f"bin{j}"], keepdims=0),
            ]
        else:
            nodes.append(helper.make_node("Mul", [col, "zero_f"], [f"zf{j}"]))
            nodes.append(helper.make_node("Squeeze", [f"zf{j}", "axis1"], [f"zs{j}"]))
            nodes.append(helper.make_node("Cast", [f"zs{j}"], [f"bin{j}"], to=TensorProto.INT64))
        nodes.append(helper.make_node("Gather", [table, f"bin{j}"], [f"term{j}"], axis=0))
        terms.append(f"term{j}")
    inits += [
        helper.make_tensor("axis1", TensorProto.INT64, [1], [1]),
        helper.make_tensor("zero_f", TensorProto.FLOAT, [], [0.0]),
        helper.make_tensor("intercept", TensorProto.FLOAT, [], [card.intercept]),
        helper.make_tensor("one", TensorProto.FLOAT, [], [1.0]),
        helper.make_tensor("half", TensorProto.FLOAT, [], [0.5]),
    ]
    nodes += [
        helper.make_node("Sum", [*terms, "intercept"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["pd"]),
        helper.make_node("Sub", ["one", "pd"], ["pgood"]),
        helper.make_node("Unsqueeze", ["pgood", "axis1"], ["pgood2"]),
        helper.make_node("Unsqueeze", ["pd", "axis1"], ["pd2"]),
        helper.make_node("Concat", ["pgood2", "pd2"], ["probabilities"], axis=1),
        helper.make_node("GreaterOrEqual", ["pd", "half"], ["isbad"]),
        helper.make_node("Cast", ["isbad"], ["label"], to=TensorProto.INT64),
    ]
    count = len(card.binnings)
    graph = helper.make_graph(
        nodes,
        "scorecard",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, [None, count])],
        [
            helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 2]),
        ],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 15)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return bytes(model.SerializeToString())
