// SPDX-License-Identifier: MIT
#include "core/analysis/query_vector.h"

#include "core/analysis/new_user_attributes.h"
#include "core/analysis/recommend.h"
#include "core/models/dense_stack.h"
#include "core/models/hyperparameter_text.h"
#include "core/models/model_registry.h"

#include <Eigen/Cholesky>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace embex::core {
namespace {

    /// DotBiasModel::implicitNegatives, repeated so analysis does not include a model class.
    constexpr int implicitNegativesPerPositive = 4;
    /// Keeps the normal equations solvable when training used no regularisation at all.
    constexpr double ridgeFloor = 1e-6;

    const RowMatrixXf& required(const EmbeddingSnapshot& s, const char* name)
    {
        const RowMatrixXf* m = s.parameter(name);
        if (!m)
            throw std::invalid_argument(s.modelKind + " snapshot lacks the parameter '" + name + "'");
        return *m;
    }

    double numberOr(const EmbeddingSnapshot& s, const std::string& key, double fallback)
    {
        return s.hyperparameters.contains(key) ? hyperparameterNumber(s.hyperparameters, key) : fallback;
    }

    bool flag(const EmbeddingSnapshot& s, const std::string& key)
    {
        auto it = s.hyperparameters.find(key);
        return it != s.hyperparameters.end() && it->second == "true";
    }

    float scalar(const EmbeddingSnapshot& s, const char* name)
    {
        const RowMatrixXf* m = s.parameter(name);
        return m && m->size() > 0 ? (*m)(0, 0) : 0.0f;
    }

    /// The fixed parts of r̂ = link(μ + b_i + b + p·q_i) that a dot-product fold-in needs.
    struct DotTerms {
        const RowMatrixXf& items;
        const RowMatrixXf* itemBias;
        bool hasUserBias;
        float mu;
        bool squashed;
        double lo = 0, span = 1;

        double offset(std::uint32_t i) const { return mu + (itemBias ? (*itemBias)(i, 0) : 0.0f); }
    };

    DotTerms dotTerms(const EmbeddingSnapshot& s)
    {
        DotTerms t { s.itemEmbeddings(), s.parameter("item_bias"), s.parameter("user_bias") != nullptr,
                     scalar(s, "global_bias"), flag(s, "y_squash") };
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
    QueryVector dotFoldIn(const DotTerms& t, std::span<const PickedItem> picks, double lambda, double beta,
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
        q.bias = t.hasUserBias ? static_cast<float>(theta(d)) : 0.0f;
        q.method = t.squashed ? "fold-in: regularised least squares by Gauss-Newton through the y-range sigmoid"
                              : "fold-in: regularised least squares, item vectors held fixed";
        return q;
    }

    QueryVector implicitAlsFoldIn(const EmbeddingSnapshot& s, std::span<const PickedItem> picks)
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

    /// Minimises Σ ½(MLP([p; q_i]) − r_i)² + ½λ·n·‖p‖² over p with the network and items fixed, by
    /// full-batch Adam from the mean user (the network is not linear in p: no closed form).
    QueryVector mlpFoldIn(const EmbeddingSnapshot& s, std::span<const PickedItem> picks)
    {
        const RowMatrixXf& items = s.itemEmbeddings();
        const RowMatrixXf& users = required(s, "user_embedding");
        const DenseStack stack = DenseStack::fromSnapshot(s, "mlp_");
        const Index d = items.cols();
        const double lambda = numberOr(s, "regularization", 0);
        VectorXf p = users.colwise().mean().transpose();
        QueryVector q;
        q.isInItemSpace = false;
        q.method = "fold-in through the network: Adam steps on the user embedding, network and items held fixed";
        if (picks.empty()) {
            q.vector = p;
            return q;
        }
        const auto n = static_cast<Index>(picks.size());
        RowMatrixXf input(n, 2 * d);
        VectorXf targets(n);
        for (Index k = 0; k < n; ++k) {
            input.row(k).tail(d) = items.row(picks[static_cast<std::size_t>(k)].item);
            targets(k) = picks[static_cast<std::size_t>(k)].rating;
        }
        VectorXf m = VectorXf::Zero(d), v = VectorXf::Zero(d);
        const float rate = 0.02f, beta1 = 0.9f, beta2 = 0.999f;
        DenseStack::Pass pass;
        for (int step = 1; step <= 400; ++step) {
            input.leftCols(d).rowwise() = p.transpose();
            const RowMatrixXf& out = stack.forward(input, pass);
            const RowMatrixXf error = out.col(0) - targets;
            const RowMatrixXf gradInput = stack.backward(error, pass);
            const VectorXf grad = gradInput.leftCols(d).colwise().sum().transpose()
                + static_cast<float>(lambda * static_cast<double>(n)) * p;
            m = beta1 * m + (1 - beta1) * grad;
            v = beta2 * v + (1 - beta2) * grad.cwiseProduct(grad);
            const float mHat = 1 - std::pow(beta1, static_cast<float>(step));
            const float vHat = 1 - std::pow(beta2, static_cast<float>(step));
            p -= (rate / mHat) * m.cwiseQuotient(((v / vHat).cwiseSqrt().array() + 1e-8f).matrix());
        }
        q.vector = p;
        return q;
    }

    /// How many attribute features `userFeatures` must have for this snapshot (0 when none are
    /// given); throws when the model takes none or another count.
    Index userFeatureCount(const EmbeddingSnapshot& s, std::span<const float> userFeatures)
    {
        if (userFeatures.empty())
            return s.parameter("user_features") ? s.parameter("user_features")->cols() : 0;
        const UserAttributeInput input = userAttributeInput(s);
        if (!input.accepts())
            throw std::invalid_argument(input.whyNot);
        const Index f = s.parameter("user_features")->cols();
        if (static_cast<Index>(userFeatures.size()) != f)
            throw std::invalid_argument("the user has " + std::to_string(userFeatures.size())
                                        + " attribute features; the model was trained on " + std::to_string(f));
        return f;
    }

} // namespace

QueryVector queryVector(const EmbeddingSnapshot& snapshot, std::span<const PickedItem> picks, bool implicitData,
                        std::span<const float> userFeatures)
{
    const RowMatrixXf& items = snapshot.itemEmbeddings();
    if (items.size() == 0)
        throw std::invalid_argument("a query vector needs a snapshot with an item embedding");
    for (const PickedItem& p : picks)
        if (static_cast<Index>(p.item) >= items.rows())
            throw std::invalid_argument("picked item " + std::to_string(p.item) + " is out of range");
    const std::string& kind = snapshot.modelKind;
    const Index f = userFeatureCount(snapshot, userFeatures);
    QueryVector q;
    q.userFeatures.assign(userFeatures.begin(), userFeatures.end());
    if (kind == "softmax") {
        // The tower's input as training and the scorer build it (SoftmaxScorer::scoreQuery).
        const RowMatrixXf& input = required(snapshot, "input_embedding");
        const RowMatrixXf* itemFeatures = snapshot.parameter("item_features");
        const Index d = input.cols(), g = itemFeatures ? itemFeatures->cols() : 0;
        RowMatrixXf x = RowMatrixXf::Zero(1, d + g + f);
        for (const PickedItem& p : picks) {
            x.block(0, 0, 1, d) += input.row(p.item);
            if (g > 0)
                x.block(0, d, 1, g) += itemFeatures->row(p.item);
        }
        if (!picks.empty())
            x.block(0, 0, 1, d + g) /= static_cast<float>(picks.size());
        if (!userFeatures.empty())
            x.block(0, d + g, 1, f) = Eigen::Map<const RowVectorXf>(userFeatures.data(), f);
        q.vector = DenseStack::fromSnapshot(snapshot, "tower_").evaluate(x).row(0).transpose();
        q.method = std::string("user tower: tower(")
            + (picks.empty() ? "no items"
                   : g > 0   ? "mean of the picked items' input embeddings and item attributes"
                             : "mean of the picked items' input embeddings")
            + (userFeatures.empty() ? "" : ", the user's attributes") + ")";
        return q;
    }
    if (kind == "autoencoder") {
        RowMatrixXf x = RowMatrixXf::Zero(1, items.cols());
        for (const PickedItem& p : picks)
            x += items.row(p.item);
        if (!picks.empty())
            x /= std::sqrt(static_cast<float>(picks.size()));
        q.vector = x.row(0).transpose();
        q.method = "encoder: sum of the picked items' rows / sqrt(n), no dropout";
        if (!userFeatures.empty())
            q.method += "; the user's attributes join it at the decoder";
        return q;
    }
    if (kind == "mlp")
        return mlpFoldIn(snapshot, picks);
    const bool isAls = kind == "als";
    if (isAls && implicitData)
        return implicitAlsFoldIn(snapshot, picks);
    if (picks.empty()) { // no ratings to fit: the regularised optimum is the origin
        q.vector = VectorXf::Zero(items.cols());
        q.method = "fold-in of no ratings: the zero user";
        return q;
    }
    // dot+bias, explicit ALS and imported item embeddings (no hyperparameters: a light ridge).
    const DotTerms terms = dotTerms(snapshot);
    const double lambda = isAls ? numberOr(snapshot, "effective_regularization", 0)
                                : numberOr(snapshot, "regularization", kind == "dotbias" ? 0 : 0.1);
    const double beta = numberOr(snapshot, "bias_regularization_factor", 1);
    const double n = static_cast<double>(picks.size());
    double negativeWeight = 0, regularised = n;
    if (implicitData && !isAls && items.rows() > static_cast<Index>(picks.size())) {
        negativeWeight = implicitNegativesPerPositive * n / (static_cast<double>(items.rows()) - n);
        regularised = n * (1 + implicitNegativesPerPositive);
    }
    return dotFoldIn(terms, picks, lambda, beta, negativeWeight, regularised);
}

std::vector<float> scoreQuery(const EmbeddingSnapshot& snapshot, const QueryVector& query)
{
    const RowMatrixXf& items = snapshot.itemEmbeddings();
    const Index n = items.rows();
    std::vector<float> out(static_cast<std::size_t>(n));
    Eigen::Map<VectorXf> scores(out.data(), n);
    const std::string& kind = snapshot.modelKind;
    if (kind == "softmax") {
        scores.noalias() = items * query.vector;
        scores += required(snapshot, "item_bias").col(0);
    } else if (kind == "autoencoder") {
        // The decoder's input is [h | user features] when trained with them; unknown ones are zeros.
        const DenseStack decoder = DenseStack::fromSnapshot(snapshot, "decoder_");
        RowMatrixXf x = RowMatrixXf::Zero(1, decoder.inputSize());
        const Index d = query.vector.size(), f = static_cast<Index>(query.userFeatures.size());
        if (d + f > x.cols())
            throw std::invalid_argument("autoencoder snapshot: the query is wider than the decoder's input");
        x.block(0, 0, 1, d) = query.vector.transpose();
        if (f > 0)
            x.block(0, d, 1, f) = Eigen::Map<const RowVectorXf>(query.userFeatures.data(), f);
        scores = decoder.evaluate(x).row(0).transpose();
    } else if (kind == "mlp") {
        RowMatrixXf input(n, 2 * items.cols());
        input.leftCols(items.cols()).rowwise() = query.vector.transpose();
        input.rightCols(items.cols()) = items;
        scores = DenseStack::fromSnapshot(snapshot, "mlp_").evaluate(input).col(0);
    } else {
        const DotTerms t = dotTerms(snapshot);
        scores.noalias() = items * query.vector;
        scores.array() += t.mu + query.bias;
        if (t.itemBias)
            scores += t.itemBias->col(0);
        if (t.squashed)
            scores
                = (static_cast<float>(t.lo) + static_cast<float>(t.span) / (1.0f + (-scores.array()).exp())).matrix();
    }
    return out;
}

NewUserRecommendations recommendForNewUser(const EmbeddingSnapshot& snapshot, std::span<const PickedItem> picks,
                                           bool implicitData, int n, std::span<const std::uint32_t> ratingCounts,
                                           std::uint32_t minRatings, std::span<const float> userFeatures)
{
    NewUserRecommendations result;
    result.query = queryVector(snapshot, picks, implicitData, userFeatures);
    std::vector<std::uint32_t> picked;
    for (const PickedItem& p : picks)
        picked.push_back(p.item);
    result.top = topItems(scoreQuery(snapshot, result.query), picked, n, ratingCounts, minRatings);
    return result;
}

bool scoresArePredictedRatings(const EmbeddingSnapshot& snapshot, bool implicitData)
{
    const auto kind = findModelKind(snapshot.modelKind);
    return kind && !isRanking(*kind, implicitData);
}

} // namespace embex::core
