// SPDX-License-Identifier: MIT
// The MLP's answers: scores, fold-in through the network, and explanations.
#include "core/models/dense_stack.h"
#include "core/models/hyperparameter_text.h"
#include "core/models/neural_scorers.h"

#include <cmath>
#include <stdexcept>

namespace embex::core {
namespace {

    /// r̂ = MLP([p_u; q_i]). The first layer splits as W₀ = [W_u; W_i], so Q·W_i is computed once
    /// and a user costs one row plus the small layers per item.
    class MlpScorer final : public ModelScorer {
    public:
        explicit MlpScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
            : m_snapshot(std::move(snapshot))
            , m_items(m_snapshot->itemEmbeddings())
            , m_users(m_snapshot->required("user_embedding"))
            , m_stack(DenseStack::fromSnapshot(*m_snapshot, "mlp_"))
        {
            const Index d = m_items.cols();
            const RowMatrixXf& w0 = m_snapshot->required("mlp_0_weight");
            if (m_users.cols() != d || w0.rows() != 2 * d || m_stack.outputSize() != 1)
                throw std::invalid_argument("mlp snapshot: embedding and layer shapes disagree");
            m_userWeights = w0.topRows(d);
            m_itemPart = m_items * w0.bottomRows(d);
            m_itemPart.rowwise() += m_snapshot->required("mlp_0_bias").row(0);
            for (std::size_t k = 1; k < m_stack.layerCount(); ++k) {
                const std::string name = "mlp_" + std::to_string(k);
                m_rest.push_back({ *m_snapshot->parameter(name + "_weight"), *m_snapshot->parameter(name + "_bias") });
            }
        }

        void scoreItems(std::uint32_t user, std::span<const std::uint32_t>, std::span<float> out) const override
        {
            if (static_cast<Index>(user) >= m_users.rows())
                throw std::invalid_argument("user index out of range for this model");
            checkOutput(out);
            RowMatrixXf a = m_itemPart;
            a.rowwise() += m_users.row(user) * m_userWeights;
            for (const auto& [w, b] : m_rest) {
                a = a.cwiseMax(0.0f);
                RowMatrixXf next = a * w;
                next.rowwise() += b.row(0);
                a = std::move(next);
            }
            Eigen::Map<VectorXf>(out.data(), static_cast<Index>(out.size())) = a.col(0);
        }

        /// Minimises Σ ½(MLP([p; q_i]) − r_i)² + ½λ·n·‖p‖² over p with the network and items fixed,
        /// by full-batch Adam from the mean user (the network is not linear in p: no closed form).
        QueryVector queryVector(std::span<const PickedItem> picks, bool,
                                std::span<const float> userFeatures) const override
        {
            const Index d = m_items.cols();
            const double lambda = m_snapshot->hyperparameters.contains("regularization")
                ? hyperparameterNumber(m_snapshot->hyperparameters, "regularization")
                : 0;
            VectorXf p = m_users.colwise().mean().transpose();
            QueryVector q;
            q.userFeatures.assign(userFeatures.begin(), userFeatures.end());
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
                input.row(k).tail(d) = m_items.row(picks[static_cast<std::size_t>(k)].item);
                targets(k) = picks[static_cast<std::size_t>(k)].rating;
            }
            VectorXf m = VectorXf::Zero(d), v = VectorXf::Zero(d);
            const float rate = 0.02f, beta1 = 0.9f, beta2 = 0.999f;
            DenseStack::Pass pass;
            for (int step = 1; step <= 400; ++step) {
                input.leftCols(d).rowwise() = p.transpose();
                const RowMatrixXf& out = m_stack.forward(input, pass);
                const RowMatrixXf error = out.col(0) - targets;
                const RowMatrixXf gradInput = m_stack.backward(error, pass);
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

        void scoreQuery(const QueryVector& query, std::span<float> out) const override
        {
            checkOutput(out);
            if (query.vector.size() != m_items.cols())
                throw std::invalid_argument("mlp: the query vector's length is not the embedding dimension");
            RowMatrixXf input(m_items.rows(), 2 * m_items.cols());
            input.leftCols(m_items.cols()).rowwise() = query.vector.transpose();
            input.rightCols(m_items.cols()) = m_items;
            Eigen::Map<VectorXf>(out.data(), static_cast<Index>(out.size())) = m_stack.evaluate(input).col(0);
        }

        void explain(std::uint32_t user, std::uint32_t item, std::span<const std::uint32_t>,
                     Explanation& e) const override
        {
            if (user >= m_users.rows())
                throw std::invalid_argument("user index out of range for this model");
            const std::vector<SnapshotLayer> layers = snapshotLayers(*m_snapshot, "mlp_");
            const Index d = m_items.cols();
            RowVectorXf x(2 * d);
            x << m_users.row(user), m_items.row(item);
            e.vectors.push_back(
                { "p_u: user embedding, row " + std::to_string(user), explanationValues(m_users.row(user)) });
            e.vectors.push_back(
                { "q_i: item embedding, row " + std::to_string(item), explanationValues(m_items.row(item)) });
            const RowVectorXf h = explainHiddenLayers(layers, x, e);
            const SnapshotLayer& out = layers.back();
            e.terms.push_back({ "b", "output bias", (*out.bias)(0, 0) });
            addProducts(e, h, out.weight->col(0).transpose(), "h", "w", layers.size() > 1 ? "unit" : "input");
            e.formula = layers.size() > 1 ? "r̂ = b + Σ_j h_j·w_j, h = the last hidden layer of MLP([p_u; q_i])"
                                          : "r̂ = b + Σ_j x_j·w_j, x = [p_u; q_i]";
        }

        std::optional<double> probability(std::span<const float>, std::uint32_t) const override
        {
            return std::nullopt; // a predicted rating
        }

    private:
        void checkOutput(std::span<float> out) const
        {
            if (static_cast<Index>(out.size()) != m_items.rows())
                throw std::invalid_argument("output size must equal the item count");
        }

        std::shared_ptr<const EmbeddingSnapshot> m_snapshot;
        const RowMatrixXf& m_items;
        const RowMatrixXf& m_users;
        DenseStack m_stack;
        RowMatrixXf m_userWeights, m_itemPart;
        std::vector<std::pair<RowMatrixXf, RowMatrixXf>> m_rest;
    };

} // namespace

std::unique_ptr<ModelScorer> makeMlpScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
{
    return std::make_unique<MlpScorer>(std::move(snapshot));
}

} // namespace embex::core
