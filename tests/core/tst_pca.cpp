// SPDX-License-Identifier: MIT
#include "core/analysis/pca.h"
#include "tests/support/random_matrix.h"

#include <Eigen/QR>
#include <Eigen/SVD>
#include <QTest>

using namespace embex::core;

namespace {

// Rows spread along the columns of a random orthonormal basis with the given standard
// deviations, shifted away from the origin so centring matters.
RowMatrixXf plantedAxes(Index rows, const std::vector<double>& spreads, Eigen::MatrixXd& basis, std::uint64_t seed)
{
    const auto d = static_cast<Index>(spreads.size());
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(embex::test::normalMatrix(d, d, seed + 1).cast<double>());
    basis = qr.householderQ() * Eigen::MatrixXd::Identity(d, d);
    Eigen::MatrixXd z = embex::test::normalMatrix(rows, d, seed).cast<double>();
    for (Index j = 0; j < d; ++j)
        z.col(j) *= spreads[static_cast<std::size_t>(j)];
    Eigen::MatrixXd x = z * basis.transpose();
    x.rowwise() += Eigen::RowVectorXd::LinSpaced(d, 3.0, 7.0);
    return x.cast<float>();
}

} // namespace

class TestPca : public QObject {
    Q_OBJECT
private slots:
    void findsPlantedAxes()
    {
        Eigen::MatrixXd basis;
        const RowMatrixXf x = plantedAxes(4000, { 5.0, 2.0, 1.0, 0.5, 0.1 }, basis, 7);
        const PcaResult pca = computePca(x, { .components = 3 });
        QVERIFY(pca.isValid());
        for (Index j = 0; j < 3; ++j)
            QVERIFY2(std::abs(pca.components.col(j).dot(basis.col(j))) > 0.999, qPrintable(QString::number(j)));
        const double total = 25.0 + 4.0 + 1.0 + 0.25 + 0.01;
        QVERIFY(std::abs(pca.explainedVarianceRatio[0] - 25.0 / total) < 0.02);
        QVERIFY(std::abs(pca.explainedVarianceRatio[1] - 4.0 / total) < 0.01);
        QVERIFY((pca.mean - Eigen::VectorXd::LinSpaced(5, 3.0, 7.0)).norm() < 0.3);
    }

    void agreesWithSvd()
    {
        Eigen::MatrixXd basis;
        const RowMatrixXf x = plantedAxes(600, { 3.0, 2.5, 1.5, 1.0, 0.7, 0.4, 0.2, 0.1 }, basis, 11);
        const PcaResult pca = computePca(x, { .components = 3 });
        Eigen::MatrixXd centred = x.cast<double>();
        centred.rowwise() -= centred.colwise().mean();
        // JacobiSVD, not BDCSVD: as exact here, and BDCSVD alone took a minute of each build's compile
        Eigen::JacobiSVD<Eigen::MatrixXd> svd(centred, Eigen::ComputeThinU | Eigen::ComputeThinV);
        const double n1 = static_cast<double>(x.rows() - 1);
        const double total = svd.singularValues().squaredNorm() / n1;
        QVERIFY(std::abs(pca.totalVariance - total) < 1e-4 * total);
        for (Index j = 0; j < 3; ++j) {
            const double variance = svd.singularValues()(j) * svd.singularValues()(j) / n1;
            QVERIFY(std::abs(pca.variances[static_cast<std::size_t>(j)] - variance) < 1e-4 * variance);
            const double sign = pca.components.col(j).dot(svd.matrixV().col(j)) > 0 ? 1.0 : -1.0;
            QVERIFY((pca.components.col(j) - sign * svd.matrixV().col(j)).norm() < 1e-4);
            const Eigen::VectorXd expected = sign * svd.matrixU().col(j) * svd.singularValues()(j);
            QVERIFY((pca.coordinates.col(j).cast<double>() - expected).cwiseAbs().maxCoeff() < 1e-3);
        }
    }

    void componentsOrthonormalAndVarianceDescending()
    {
        const RowMatrixXf x = embex::test::normalMatrix(1000, 16, 3) * embex::test::normalMatrix(16, 16, 4);
        const PcaResult pca = computePca(x, { .components = 3 });
        QVERIFY((pca.components.transpose() * pca.components - Eigen::Matrix3d::Identity()).norm() < 1e-9);
        QVERIFY(pca.variances[0] >= pca.variances[1] && pca.variances[1] >= pca.variances[2]);
        const auto& r = pca.explainedVarianceRatio;
        QVERIFY(r[0] >= r[1] && r[1] >= r[2] && r[2] > 0);
        QVERIFY(r[0] + r[1] + r[2] <= 1.0 + 1e-9);
        QCOMPARE(pca.coordinates.rows(), x.rows());
        QCOMPARE(pca.included.size(), std::size_t(1000));
    }

    void keepsSignsOfThePreviousProjection()
    {
        const RowMatrixXf x = embex::test::normalMatrix(500, 6, 5) * embex::test::normalMatrix(6, 6, 6);
        const PcaResult first = computePca(x);
        PcaResult mirrored = first;
        mirrored.coordinates.col(0) *= -1.0f;
        mirrored.components.col(0) *= -1.0;
        // The next epoch: same items, slightly moved.
        const RowMatrixXf moved = x + 0.01f * embex::test::normalMatrix(500, 6, 8);
        const PcaResult aligned = computePca(moved, { .alignWith = &mirrored });
        QVERIFY(aligned.components.col(0).dot(mirrored.components.col(0)) > 0.99);
        QVERIFY(aligned.components.col(1).dot(mirrored.components.col(1)) > 0.99);
        // A different item count (rows added): the axes themselves decide.
        RowMatrixXf grown(501, 6);
        grown << moved, moved.row(0);
        const PcaResult byAxes = computePca(grown, { .alignWith = &mirrored });
        QVERIFY(byAxes.components.col(0).dot(mirrored.components.col(0)) > 0.99);
        QVERIFY(byAxes.components.col(1).dot(mirrored.components.col(1)) > 0.99);
    }

    void filtersByRatingCount()
    {
        const RowMatrixXf x = embex::test::normalMatrix(300, 5, 9) * embex::test::normalMatrix(5, 5, 10);
        std::vector<std::uint32_t> counts(300);
        std::vector<Index> kept;
        for (std::uint32_t i = 0; i < 300; ++i) {
            counts[i] = i % 7;
            if (counts[i] >= 3)
                kept.push_back(i);
        }
        const PcaResult filtered = computePca(x, { .minRatings = 3, .ratingCounts = counts });
        QCOMPARE(filtered.included.size(), kept.size());
        QCOMPARE(filtered.coordinates.rows(), Index(300));
        RowMatrixXf subset(static_cast<Index>(kept.size()), 5);
        for (std::size_t r = 0; r < kept.size(); ++r)
            subset.row(static_cast<Index>(r)) = x.row(kept[r]);
        const PcaResult direct = computePca(subset);
        for (Index j = 0; j < 2; ++j)
            QVERIFY(std::abs(filtered.components.col(j).dot(direct.components.col(j))) > 1 - 1e-6);
        QVERIFY(std::abs(filtered.variances[0] - direct.variances[0]) < 1e-5 * direct.variances[0]);

        const PcaResult none = computePca(x, { .minRatings = 7, .ratingCounts = counts });
        QVERIFY(!none.isValid());
        QCOMPARE(QString::fromStdString(none.problem),
                 QStringLiteral("only 0 items have at least 7 ratings; PCA needs 2"));
    }

    // Any count from 1 to d: each fit's leading axes are the full fit's, and all d axes explain
    // the whole variance.
    void anyComponentCountUpToDimension()
    {
        Eigen::MatrixXd basis;
        const std::vector<double> spreads { 6.0, 4.0, 3.0, 2.0, 1.5, 1.0, 0.5 };
        const RowMatrixXf x = plantedAxes(3000, spreads, basis, 5);
        const auto d = static_cast<int>(spreads.size());
        const PcaResult full = computePca(x, { .components = d });
        QVERIFY(full.isValid());
        double sum = 0;
        for (double r : full.explainedVarianceRatio)
            sum += r;
        QVERIFY2(std::abs(sum - 1.0) < 1e-6, qPrintable(QString::number(sum)));
        for (int k = 1; k <= d; ++k) {
            const PcaResult pca = computePca(x, { .components = k });
            QCOMPARE(pca.coordinates.cols(), Index(k));
            QCOMPARE(pca.components.cols(), Index(k));
            QCOMPARE(pca.explainedVarianceRatio.size(), std::size_t(k));
            for (Index j = 0; j < k; ++j) {
                QVERIFY(std::abs(pca.components.col(j).dot(full.components.col(j))) > 1 - 1e-9);
                QVERIFY(
                    std::abs(pca.variances[static_cast<std::size_t>(j)] - full.variances[static_cast<std::size_t>(j)])
                    < 1e-9 * full.variances[0]);
            }
        }
        // the planted spreads come back as the variances, largest first
        for (int j = 0; j < d; ++j)
            QVERIFY2(
                std::abs(std::sqrt(full.variances[static_cast<std::size_t>(j)]) - spreads[static_cast<std::size_t>(j)])
                    < 0.08 * spreads[static_cast<std::size_t>(j)],
                qPrintable(QString::number(j)));
    }

    void rejectsMisuse()
    {
        const RowMatrixXf x = embex::test::normalMatrix(10, 2, 1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computePca(x, { .components = 0 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computePca(x, { .components = 3 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computePca(x, { .minRatings = 2 }));
    }
};

QTEST_APPLESS_MAIN(TestPca)
#include "tst_pca.moc"
