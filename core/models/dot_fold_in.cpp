// SPDX-License-Identifier: MIT
#include "core/models/dot_fold_in.h"

#include "core/models/als_model.h"
#include "core/models/dot_bias_model.h"
#include "core/models/hyperparameter_text.h"

#include <Eigen/Cholesky>

#include <algorithm>
#include <cmath>

namespace embex::core {
namespace {

    /// Keeps the normal equations solvable when training used no regularisation at all.
    constexpr double ridgeFloor = 1e-6;

    double numberOr(const EmbeddingSnapshot& s, const std::string& key, double fallback)
    {
        return s.hyperparameters.contains(key) ? hyperparameterNumber(s.hyperparameters, key) : fallback;
    }

    /// The fixed parts of r̂ = link(μ + b_i + b + (p + z)·q_i) that a dot-product fold-in needs;
    /// z is SVD++'s implicit term of the picked items (empty without one).
    struct DotTerms {
        const RowMatrixXf& items;
        const RowMatrixXf* itemBias;
        bool hasUserBias;
        float mu;
        bool squashed;
        double lo = 0, span = 1;
        VectorXf implicitTerm {};

        double offset(std::uint32_t i) const
        {
            const double implicit = implicitTerm.size() > 0 ? items.row(i).dot(implicitTerm) : 0.0;
            return mu + (itemBias ? (*itemBias)(i, 0) : 0.0f) + implicit;
        }
    };

    DotTerms dotTerms(const EmbeddingSnapshot& s)
    {
        const RowMatrixXf* mu = s.parameter("global_bias");
        const auto squash = s.hyperparameters.find("y_squash");
        DotTerms t { s.itemEmbeddings(), s.parameter("item_bias"), s.parameter("user_bias") != nullptr,
                     mu && mu->size() > 0 ? (*mu)(0, 0) : 0.0f,
                     squash != s.hyperparameters.end() && squash->second == "true" };
        if (t.squashed) {
            t.lo = hyperparameterNumber(s.hyperparameters, "y_min");
            t.span = hyperparameterNumber(s.hyperparameters, "y_max") - t.lo;
        }
        return t;
    }

    /// Gauss–Newton on Σ_k w_k (r̂_k − r_k)² + λ·n·(‖p‖² + β·b²) over θ = [p; b] (b only when the
    /// model has user biases). Unsquashed the residual is linear in θ, so the first step is the
    /// exact least-squares solution; squashed, a few steps with step halving converge. `negatives`
    /// (implicit data): every other item as a target-0 example of weight `negativeWeight`.
    QueryVector leastSquaresFoldIn(const DotTerms& t, std::span<const PickedItem> picks, double lambda, double beta,
                                   double negativeWeight, double regularisedExamples)
    {
        const Index d = t.items.cols();
        const Index unknowns = d + (t.hasUserBias ? 1 : 0);
        Eigen::VectorXd theta = Eigen::VectorXd::Zero(unknowns);
        const auto nItems = static_cast<std::uint32_t>(t.items.rows());
        std::vector<std::uint8_t> picked(nItems, 0);
        for (const PickedItem& p : picks)
            picked[p.item] = 1;
        struct Example {
            std::uint32_t item;
            double target, weight;
        };
        std::vector<Example> examples;
        for (const PickedItem& p : picks)
            examples.push_back({ p.item, p.rating, 1.0 });
        if (negativeWeight > 0)
            for (std::uint32_t i = 0; i < nItems; ++i)
                if (!picked[i])
                    examples.push_back({ i, 0.0, negativeWeight });

        Eigen::VectorXd penalty = Eigen::VectorXd::Constant(unknowns,
                                                            std::max(ridgeFloor, lambda * regularisedExamples));
        if (t.hasUserBias)
            penalty(d) = std::max(ridgeFloor, lambda * regularisedExamples * beta);
        Eigen::VectorXd x(unknowns);
        const auto features = [&](std::uint32_t i) {
            x.head(d) = t.items.row(i).cast<double>().transpose();
            if (t.hasUserBias)
                x(d) = 1;
            return x;
        };
        // The objective and, when asked, its Gauss–Newton system at θ.
        const auto evaluate = [&](const Eigen::VectorXd& th, Eigen::MatrixXd* a, Eigen::VectorXd* g) {
            double loss = th.cwiseProduct(th).dot(penalty);
            if (a) {
                a->setZero(unknowns, unknowns);
                a->diagonal() = penalty;
                *g = penalty.cwiseProduct(th);
            }
            for (const Example& e : examples) {
                const Eigen::VectorXd& f = features(e.item);
                const double z = t.offset(e.item) + f.dot(th);
                double prediction = z, slope = 1;
                if (t.squashed) {
                    const double s = 1 / (1 + std::exp(-z));
                    prediction = t.lo + t.span * s;
                    slope = t.span * s * (1 - s);
                }
                const double r = prediction - e.target;
                loss += e.weight * r * r;
                if (a) {
                    a->selfadjointView<Eigen::Lower>().rankUpdate(f, e.weight * slope * slope);
                    *g += (e.weight * slope * r) * f;
                }
            }
            if (a)
                *a = a->selfadjointView<Eigen::Lower>();
            return loss;
        };
        Eigen::MatrixXd a;
        Eigen::VectorXd g;
        double loss = evaluate(theta, &a, &g);
        const int steps = t.squashed ? 30 : 1;
        for (int step = 0; step < steps; ++step) {
            const Eigen::VectorXd delta = a.llt().solve(-g);
            double scale = 1;
            Eigen::VectorXd next = theta + delta;
            double nextLoss = evaluate(next, nullptr, nullptr);
            while (t.squashed && nextLoss > loss && scale > 1e-4) { // step halving keeps GN descending
                scale /= 2;
                next = theta + scale * delta;
                nextLoss = evaluate(next, nullptr, nullptr);
            }
            if (t.squashed && nextLoss > loss)
                break;
            theta = next;
            loss = nextLoss;
            if (delta.norm() * scale < 1e-7)
                break;
            if (step + 1 < steps)
                loss = evaluate(theta, &a, &g);
        }
        QueryVector q;
        q.vector = theta.head(d).cast<float>();
        if (t.implicitTerm.size() > 0)
            q.vector += t.implicitTerm;
        q.bias = t.hasUserBias ? static_cast<float>(theta(d)) : 0.0f;
        q.method = t.squashed ? "fold-in: regularised least squares by Gauss-Newton through the y-range sigmoid"
                              : "fold-in: regularised least squares, item vectors held fixed";
        return q;
    }

    QueryVector confidenceWeightedFoldIn(const EmbeddingSnapshot& s, std::span<const PickedItem> picks)
    {
        const RowMatrixXf& items = s.itemEmbeddings();
        const double lambda = numberOr(s, "effective_regularization", numberOr(s, "regularization", 0));
        const double alpha = numberOr(s, "confidence_alpha", 10);
        Eigen::MatrixXd a = (items.transpose() * items).cast<double>();
        Eigen::VectorXd b = Eigen::VectorXd::Zero(items.cols());
        for (const PickedItem& p : picks) {
            const Eigen::VectorXd y = items.row(p.item).cast<double>().transpose();
            const double c = 1 + alpha * p.rating;
            a.noalias() += (c - 1) * y * y.transpose();
            b += c * y;
        }
        a.diagonal().array() += std::max(ridgeFloor, lambda);
        QueryVector q;
        q.vector = a.llt().solve(b).cast<float>();
        q.method = "fold-in: implicit ALS solve with confidence weights, item vectors held fixed";
        return q;
    }

} // namespace

QueryVector dotProductFoldIn(const EmbeddingSnapshot& s, const DotFoldIn& rule, std::span<const PickedItem> picks,
                             bool implicitData)
{
    const RowMatrixXf& items = s.itemEmbeddings();
    if (rule.isConfidenceWeighted && implicitData)
        return confidenceWeightedFoldIn(s, picks);
    if (picks.empty()) { // no ratings to fit: the regularised optimum is the origin
        QueryVector q;
        q.vector = VectorXf::Zero(items.cols());
        q.method = "fold-in of no ratings: the zero user";
        return q;
    }
    const double lambda = numberOr(s, rule.regularizationKey, rule.regularizationFallback);
    const double beta = numberOr(s, "bias_regularization_factor", 1);
    const double n = static_cast<double>(picks.size());
    // An explicit ALS snapshot says how its penalty grows with a user's ratings.
    double negativeWeight = 0,
           regularised = s.hyperparameters.contains("regularization_exponent") ? alsPenaltyCount(s, picks.size()) : n;
    if (implicitData && rule.implicitNegatives > 0 && items.rows() > static_cast<Index>(picks.size())) {
        negativeWeight = rule.implicitNegatives * n / (static_cast<double>(items.rows()) - n);
        regularised = n * (1 + rule.implicitNegatives);
    }
    DotTerms terms = dotTerms(s);
    if (const RowMatrixXf* y = s.parameter(DotBiasModel::implicitItemParameter)) {
        std::vector<std::uint32_t> rated;
        for (const PickedItem& p : picks)
            rated.push_back(p.item);
        terms.implicitTerm = implicitUserTerm(*y, rated);
    }
    QueryVector q = leastSquaresFoldIn(terms, picks, lambda, beta, negativeWeight, regularised);
    if (terms.implicitTerm.size() > 0)
        q.method += ", plus SVD++'s implicit term of the picked items";
    return q;
}

} // namespace embex::core
