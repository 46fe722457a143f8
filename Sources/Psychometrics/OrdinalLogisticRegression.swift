import Foundation

/// A proportional-odds (cumulative logit) model, P(Y ≤ j | x) = σ(θⱼ − x·β), fitted by maximum
/// likelihood with Newton–Raphson (analytic gradient and Hessian, step halving), as statsmodels'
/// `OrderedModel(distr="logit")` and R's `MASS::polr` define it.
public struct OrdinalLogisticRegression: Sendable {
    /// The cut points θ₁ < … < θ_{J−1}.
    public var thresholds: [Double]
    public var coefficients: [Double]
    public var logLikelihood: Double
    /// The intercept-only model's log-likelihood, Σ nⱼ ln(nⱼ / N), for McFadden's R².
    public var nullLogLikelihood: Double
    public var iterations: Int
    public var converged: Bool

    /// McFadden's pseudo-R²: 1 − LL / LL₀.
    public var mcFaddenR2: Double { 1 - logLikelihood / nullLogLikelihood }

    /// - Parameters:
    ///   - responses: each person's category, 0 … J − 1 (J ≥ 2, every category observed).
    ///   - covariates: each person's predictors (the same count for everyone).
    ///   - weights: how many people each row stands for (rows with the same answer and
    ///     predictors merged), 1 each by default.
    /// - Returns: `nil` when fewer than 2 categories are observed or the fit does not converge
    ///   (separation: a predictor sorts the categories perfectly).
    public init?(responses: [Int], covariates: [[Double]], weights: [Double]? = nil) {
        let n = responses.count
        guard n > 0, covariates.count == n, let categories = responses.max().map({ $0 + 1 }), categories >= 2,
            responses.allSatisfy({ $0 >= 0 }), weights.map({ $0.count == n && $0.allSatisfy { $0 > 0 } }) ?? true
        else { return nil }
        let weight = weights ?? [Double](repeating: 1, count: n)
        var counts = [Double](repeating: 0, count: categories)
        for (response, w) in zip(responses, weight) { counts[response] += w }
        guard counts.allSatisfy({ $0 > 0 }) else { return nil }
        let total = counts.reduce(0, +)
        let predictors = covariates.first?.count ?? 0
        let cuts = categories - 1
        let size = cuts + predictors
        nullLogLikelihood = counts.reduce(0) { $0 + $1 * log($1 / total) }
        // Start at the intercept-only solution: the cumulative logits of the observed shares.
        var parameters = [Double](repeating: 0, count: size)
        var cumulative = 0.0
        for cut in 0..<cuts {
            cumulative += counts[cut]
            let share = cumulative / total
            parameters[cut] = log(share / (1 - share))
        }
        func sigmoid(_ t: Double) -> Double { t >= 0 ? 1 / (1 + exp(-t)) : exp(t) / (1 + exp(t)) }

        /// Log-likelihood, gradient and Hessian at `parameters`; `nil` when the cuts are out of order.
        func evaluate(_ parameters: [Double], derivatives: Bool) -> (ll: Double, gradient: [Double], hessian: Matrix)? {
            for cut in 1..<max(cuts, 1) where parameters[cut] <= parameters[cut - 1] { return nil }
            var ll = 0.0
            var gradient = [Double](repeating: 0, count: size)
            var hessian = Matrix(rows: size, columns: derivatives ? size : 0)
            for person in 0..<n {
                let category = responses[person]
                var eta = 0.0
                for predictor in 0..<predictors { eta += covariates[person][predictor] * parameters[cuts + predictor] }
                // Upper and lower cumulative probabilities, densities f and their slopes f′.
                var upper = 1.0
                var fUpper = 0.0
                var slopeUpper = 0.0
                if category < cuts {
                    let s = sigmoid(parameters[category] - eta)
                    upper = s
                    fUpper = s * (1 - s)
                    slopeUpper = fUpper * (1 - 2 * s)
                }
                var lower = 0.0
                var fLower = 0.0
                var slopeLower = 0.0
                if category > 0 {
                    let s = sigmoid(parameters[category - 1] - eta)
                    lower = s
                    fLower = s * (1 - s)
                    slopeLower = fLower * (1 - 2 * s)
                }
                let probability = upper - lower
                guard probability > 0 else { return nil }
                let w = weight[person]
                ll += w * log(probability)
                guard derivatives else { continue }
                // First derivatives of P, by parameter.
                var dP = [Double](repeating: 0, count: size)
                if category < cuts { dP[category] = fUpper }
                if category > 0 { dP[category - 1] = -fLower }
                for predictor in 0..<predictors {
                    dP[cuts + predictor] = -covariates[person][predictor] * (fUpper - fLower)
                }
                for a in 0..<size where dP[a] != 0 { gradient[a] += w * dP[a] / probability }
                // Second derivatives of P; only the person's cuts and the predictors are involved.
                var involved: [Int] = []
                if category > 0 { involved.append(category - 1) }
                if category < cuts { involved.append(category) }
                involved += (0..<predictors).map { cuts + $0 }
                for a in involved {
                    for b in involved where b >= a {
                        var second = 0.0
                        switch (a < cuts, b < cuts) {
                        case (true, true):
                            if a == b { second = a == category ? slopeUpper : -slopeLower }
                        case (true, false):
                            let x = covariates[person][b - cuts]
                            second = a == category ? -x * slopeUpper : x * slopeLower
                        case (false, true):
                            break
                        case (false, false):
                            second =
                                covariates[person][a - cuts] * covariates[person][b - cuts] * (slopeUpper - slopeLower)
                        }
                        let value = w * (second / probability - dP[a] * dP[b] / (probability * probability))
                        hessian[a, b] += value
                        if a != b { hessian[b, a] += value }
                    }
                }
            }
            return (ll, gradient, hessian)
        }

        guard var current = evaluate(parameters, derivatives: true) else { return nil }
        // A sum of thousands of logarithms is exact to about 1e-13 of its size: changes below
        // that are rounding, so a step within it counts as no worse, and a Newton step this
        // small means the maximum is reached.
        let noise = 1e-11 * max(1, abs(current.ll))
        var converged = false
        var iterations = 0
        while iterations < 200 {
            iterations += 1
            if (current.gradient.map(abs).max() ?? 0) < 1e-9 {
                converged = true
                break
            }
            guard let solver = Cholesky((-1) * current.hessian) else { return nil }
            let step = solver.solve(current.gradient)
            var scale = 1.0
            var accepted = false
            for _ in 0..<60 {
                let trial = zip(parameters, step).map { $0 + scale * $1 }
                if let value = evaluate(trial, derivatives: false), value.ll >= current.ll - noise {
                    parameters = trial
                    accepted = true
                    break
                }
                scale /= 2
            }
            guard accepted, let next = evaluate(parameters, derivatives: true) else { break }
            current = next
            if scale == 1, (step.map(abs).max() ?? 0) < 1e-10 {
                converged = true
                break
            }
        }
        guard converged, parameters.allSatisfy(\.isFinite) else { return nil }
        thresholds = Array(parameters[..<cuts])
        coefficients = Array(parameters[cuts...])
        logLikelihood = current.ll
        self.iterations = iterations
        self.converged = converged
    }
}
