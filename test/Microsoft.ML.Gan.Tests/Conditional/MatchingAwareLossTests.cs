using System;
using System.Linq;
using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Conditional;

/// <summary>
/// The matching-aware discriminator term: real rows with a wrong condition are scored as fakes, weighted by w. Checked in
/// closed form on a one-layer discriminator whose score is known, for every loss.
/// </summary>
public sealed class MatchingAwareLossTests
{
    // D(x, c) = W · [x, E c] + b with no hidden layer: a score anyone can compute by hand.
    private static readonly float[,] Embedding = { { 1f, 0f, -1f }, { 0.5f, 2f, 0f } };
    private static readonly float[] Weights = [0.3f, -0.2f, 0.7f, 0.1f];
    private const float Bias = -0.4f;

    [Theory]
    [InlineData(GanLoss.Minimax)]
    [InlineData(GanLoss.NonSaturating)]
    [InlineData(GanLoss.LeastSquares)]
    [InlineData(GanLoss.Hinge)]
    [InlineData(GanLoss.Wasserstein)]
    [InlineData(GanLoss.WassersteinGradientPenalty)]
    public void The_term_is_w_times_the_fake_loss_of_real_rows_with_wrong_conditions(GanLoss lossKind)
    {
        using var scope = NewDisposeScope();
        float[][] rows = [[1f, 2f], [-0.5f, 0.25f], [3f, -1f]];
        int[] wrongClasses = [2, 0, 1];
        const double weight = 0.75;
        using var discriminator = Discriminator();
        using var loss = AdversarialLoss.Create(lossKind, clipValue: 0.01, gradientPenaltyWeight: 10);
        using var weightScalar = weight.ToScalar();

        var mismatchedPairs = cat([tensor(rows.SelectMany(r => r).ToArray()).reshape(3, 2),
            nn.functional.one_hot(tensor(wrongClasses.Select(c => (long)c).ToArray()), 3).to(ScalarType.Float32)], 1);
        var term = GanTrainingSession.MismatchTerm(loss, discriminator, mismatchedPairs, weightScalar);

        var scores = rows.Zip(wrongClasses, Score).ToArray();
        var expected = weight * scores.Average(s => lossKind switch
        {
            GanLoss.Minimax or GanLoss.NonSaturating => Math.Log(1 + Math.Exp(s)),   // −log(1 − σ(s))
            GanLoss.LeastSquares => 0.5 * s * s,                                     // ½ (s − 0)²
            GanLoss.Hinge => Math.Max(0, 1 + s),
            _ => s,                                                                  // the critic lowers fakes' scores
        });
        term.item<float>().Should().BeApproximately((float)expected, 1e-5f);
    }

    [Fact]
    public void A_mismatched_label_is_always_another_class_and_each_other_class_equally_likely()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(3);
        using var classCount = 4.ToScalar();
        var classes = randint(4, [4000], generator: random);

        var wrong = GanTrainingSession.Mismatch(nn.functional.one_hot(classes, 4).to(ScalarType.Float32), label: true, classes: 4, classCount, random);

        wrong.sum(1).data<float>().ToArray().Should().OnlyContain(v => v == 1f, "each wrong condition is one-hot");
        var original = classes.data<long>().ToArray();
        var chosen = wrong.argmax(1).data<long>().ToArray();
        chosen.Zip(original).Should().OnlyContain(p => p.First != p.Second);
        var offsets = chosen.Zip(original).GroupBy(p => (p.First - p.Second + 4) % 4).ToDictionary(g => g.Key, g => g.Count());
        offsets.Keys.Should().BeEquivalentTo(new long[] { 1, 2, 3 });
        offsets.Values.Should().OnlyContain(count => count > 1200 && count < 1470, "about a third each");
    }

    [Fact]
    public void A_mismatched_condition_vector_is_the_previous_rows()
    {
        using var scope = NewDisposeScope();
        using var classCount = 1.ToScalar();
        var conditions = tensor(new float[] { 1, 2, 3, 4, 5, 6 }).reshape(3, 2);

        var wrong = GanTrainingSession.Mismatch(conditions, label: false, classes: 2, classCount, random: null!);

        wrong.data<float>().ToArray().Should().Equal(5, 6, 1, 2, 3, 4);
    }

    private static double Score(float[] row, int wrongClass)
    {
        double score = Bias + (Weights[0] * row[0]) + (Weights[1] * row[1]);
        for (var e = 0; e < 2; e++)
        {
            score += Weights[2 + e] * Embedding[e, wrongClass];
        }

        return score;
    }

    private static ConditionJoinedNetwork Discriminator()
    {
        var discriminator = ConditionJoinedNetwork.MlpDiscriminator(2, 3, 2, [], GanActivation.LeakyRelu, 0.2);
        using var noGrad = no_grad();
        var parameters = discriminator.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        parameters["embedding.weight"].copy_(tensor(Embedding.Cast<float>().ToArray()).reshape(2, 3));
        parameters["network.layers.output.weight"].copy_(tensor(Weights).reshape(1, 4));
        parameters["network.layers.output.bias"].copy_(tensor(new[] { Bias }));
        return discriminator;
    }
}
