"""BG/NBD for repeat purchases with Gamma-Gamma for spend, fitted by maximum likelihood.

BG/NBD: Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), "'Counting Your Customers'
the Easy Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275-284:
the likelihood (their equation 6) and the conditional expectation of the transactions in
the next ``t`` weeks (equation 10). Gamma-Gamma: Fader, P. S. and Hardie, B. G. S. (2013),
"The Gamma-Gamma Model of Monetary Value" (note 025), after Colombo and Jiang (1999): the
mean transaction value given a customer's ``x`` repeat transactions of mean ``m_x``.

The maintained libraries were tried first (docs/customer_value.md): ``lifetimes`` 0.11.3
fits, but its summaries break on pandas 3 and it is unmaintained since 2020; this module
is the published formulas on scipy, checked against the paper's CDNOW estimates
(tests/shop/test_customer_value.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1

from core.errors import CustomerValueError
from shop.customer_value.features import Summary

__all__ = ["BgNbd", "CustomerValueModel", "GammaGamma", "ModelError"]

FloatArray = NDArray[np.float64]


class ModelError(CustomerValueError):
    """The history cannot support the model (too few customers or repeat purchases)."""


def _fit(objective: object, start: FloatArray) -> FloatArray:
    """Minimise ``objective`` over the logs of positive parameters; the parameters."""
    result = minimize(objective, np.log(start), method="Nelder-Mead", options={
        "maxiter": 4000, "xatol": 1e-7, "fatol": 1e-9,
    })  # fmt: skip
    result = minimize(objective, result.x, method="L-BFGS-B")
    return np.asarray(np.exp(result.x), dtype=np.float64)


@dataclass(frozen=True)
class BgNbd:
    """The fitted BG/NBD parameters (time in weeks)."""

    r: float
    alpha: float
    a: float
    b: float

    @staticmethod
    def log_likelihood(
        params: FloatArray, x: FloatArray, t_x: FloatArray, big_t: FloatArray
    ) -> FloatArray:
        """Each customer's log-likelihood (FHL 2005, equation 6)."""
        r, alpha, a, b = params
        first = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        survived = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + big_t)
        repeat = x > 0
        died = np.full_like(x, -np.inf)
        died[repeat] = (
            betaln(a + 1, b + x[repeat] - 1)
            - betaln(a, b)
            - (r + x[repeat]) * np.log(alpha + t_x[repeat])
        )
        return np.asarray(first + np.logaddexp(survived, died), dtype=np.float64)

    @classmethod
    def fit(cls, summary: Summary) -> BgNbd:
        """Maximum-likelihood estimates on ``summary``; :class:`ModelError` without repeat
        purchases to learn from."""
        x, t_x, big_t = summary.frequency, summary.recency, summary.age
        if len(summary) < 10 or not np.any(x > 0):
            raise ModelError("too little history: the model needs customers who bought again")

        def objective(logs: FloatArray) -> float:
            value = -float(np.sum(cls.log_likelihood(np.exp(logs), x, t_x, big_t)))
            return value if np.isfinite(value) else 1e300

        scale = max(float(np.mean(big_t)), 1.0)
        return cls(*(float(v) for v in _fit(objective, np.array([1.0, scale, 1.0, 1.0]))))

    def expected(self, t: float, x: FloatArray, t_x: FloatArray, big_t: FloatArray) -> FloatArray:
        """Each customer's expected transactions in the next ``t`` weeks (equation 10)."""
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        z = t / (alpha + big_t + t)
        tail = np.power((alpha + big_t) / (alpha + big_t + t), r + x) * hyp2f1(
            r + x, b + x, a + b + x - 1, z
        )
        numerator = (a + b + x - 1) / (a - 1) * (1 - tail)
        return np.asarray(numerator / self._odds_alive(x, t_x, big_t), dtype=np.float64)

    def probability_alive(self, x: FloatArray, t_x: FloatArray, big_t: FloatArray) -> FloatArray:
        """Each customer's probability of still buying (FHL 2005, equation 11)."""
        return np.asarray(1.0 / self._odds_alive(x, t_x, big_t), dtype=np.float64)

    def _odds_alive(self, x: FloatArray, t_x: FloatArray, big_t: FloatArray) -> FloatArray:
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        ratio = np.exp((r + x) * (np.log(alpha + big_t) - np.log(alpha + t_x)))
        extra = np.where(x > 0, a / np.maximum(b + x - 1, 1e-12) * ratio, 0.0)
        return np.asarray(1.0 + extra, dtype=np.float64)


@dataclass(frozen=True)
class GammaGamma:
    """The fitted Gamma-Gamma parameters of the mean transaction value."""

    p: float
    q: float
    gamma: float

    @staticmethod
    def log_likelihood(params: FloatArray, x: FloatArray, m_x: FloatArray) -> FloatArray:
        """Each repeat customer's log-likelihood of their mean value ``m_x``."""
        p, q, gamma = params
        return np.asarray(
            gammaln(p * x + q)
            - gammaln(p * x)
            - gammaln(q)
            + q * np.log(gamma)
            + (p * x - 1) * np.log(m_x)
            + p * x * np.log(x)
            - (p * x + q) * np.log(gamma + m_x * x),
            dtype=np.float64,
        )

    @classmethod
    def fit(cls, summary: Summary) -> GammaGamma:
        """Estimates on the customers with repeat purchases of positive value."""
        keep = (summary.frequency > 0) & (summary.monetary > 0)
        x, m_x = summary.frequency[keep], summary.monetary[keep]
        if len(x) < 5:
            raise ModelError("too little history: fewer than 5 customers bought again")

        def objective(logs: FloatArray) -> float:
            value = -float(np.sum(cls.log_likelihood(np.exp(logs), x, m_x)))
            return value if np.isfinite(value) else 1e300

        mean = float(np.mean(m_x))
        return cls(*(float(v) for v in _fit(objective, np.array([2.0, 3.0, mean]))))

    def population_mean(self) -> float:
        """The mean transaction value of a customer the model knows nothing about."""
        return self.p * self.gamma / (self.q - 1) if self.q > 1 else float("nan")

    def expected(self, x: FloatArray, m_x: FloatArray) -> FloatArray:
        """Each customer's expected transaction value; the population's without repeats."""
        p, q, gamma = self.p, self.q, self.gamma
        known = (x > 0) & (m_x > 0)
        posterior = (gamma + m_x * x) * p / np.maximum(p * x + q - 1, 1e-12)
        return np.asarray(np.where(known, posterior, self.population_mean()), dtype=np.float64)


@dataclass(frozen=True)
class CustomerValueModel:
    """BG/NBD and Gamma-Gamma fitted on one summary; predicts spend per customer."""

    transactions: BgNbd
    spend: GammaGamma

    @classmethod
    def fit(cls, summary: Summary) -> CustomerValueModel:
        """Fit both parts on ``summary``."""
        return cls(BgNbd.fit(summary), GammaGamma.fit(summary))

    def expected_transactions(self, summary: Summary, weeks: float) -> FloatArray:
        """Each customer's expected transactions in the next ``weeks``."""
        return self.transactions.expected(weeks, summary.frequency, summary.recency, summary.age)

    def expected_spend(self, summary: Summary, weeks: float) -> FloatArray:
        """Each customer's expected spend in the next ``weeks`` (undiscounted)."""
        value = self.spend.expected(summary.frequency, summary.monetary)
        return np.asarray(self.expected_transactions(summary, weeks) * value, dtype=np.float64)
