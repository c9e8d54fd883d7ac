using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Toy;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Generation;

/// <summary>How a fitted model generates: Transform, Generate and PredictionEngine.</summary>
public sealed class GenerationTests : IDisposable
{
    private readonly MLContext _mlContext = new(seed: 1);
    private readonly GanTransformer _model;

    public GenerationTests()
    {
        // Slots in very different units, to check that rows come back in the user's units.
        var rows = RingMixture.Points(256, seed: 2)
            .Select(p => new Vector2Row { Features = [100 + 5 * p[0], -4000 + 250 * p[1]] });
        _model = _mlContext.Gan().Trainer(TinyGan.Options(epochs: 3)).Fit(_mlContext.Data.LoadFromEnumerable(rows));
    }

    public void Dispose() => _model.Dispose();

    [Fact]
    public void Transform_adds_one_generated_row_per_input_row_and_keeps_the_input_columns()
    {
        var input = _mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 10).Select(i => new IdRow { Id = i }));

        var output = _model.Transform(input);

        output.Schema["Id"].Type.Should().Be(NumberDataViewType.Int32);
        output.Schema["Generated"].Type.Should().Be(new VectorDataViewType(NumberDataViewType.Single, 2));
        _mlContext.Data.CreateEnumerable<IdAndGenerated>(output, reuseRowObject: false)
            .Select(r => r.Id).Should().Equal(Enumerable.Range(0, 10));
        GeneratedRows.Read(output, "Generated").Should().HaveCount(10).And.OnlyContain(r => r.Length == 2);
    }

    [Fact]
    public void Generated_rows_come_back_in_the_units_of_the_training_data()
    {
        var rows = GeneratedRows.Read(_model.Generate(500, seed: 3), "Features");

        // Tanh keeps scaled outputs inside (−1, 1), which the inverse scaling maps inside the training range.
        rows.Should().OnlyContain(r => r[0] >= 100 + 5 * -2.3 && r[0] <= 100 + 5 * 2.3);
        rows.Should().OnlyContain(r => r[1] >= -4000 + 250 * -2.3 && r[1] <= -4000 + 250 * 2.3);
        rows.Select(r => r[1]).Max().Should().BeLessThan(-3000);
    }

    [Fact]
    public void Generate_returns_the_requested_rows_in_a_column_named_like_the_training_features()
    {
        var view = _model.Generate(1000, seed: 4);

        view.GetRowCount().Should().Be(1000);
        view.Schema.Should().ContainSingle();
        view.Schema[0].Name.Should().Be("Features");
        view.Schema[0].Type.Should().Be(new VectorDataViewType(NumberDataViewType.Single, 2));
        GeneratedRows.Read(view, "Features").Should().HaveCount(1000);
    }

    [Fact]
    public void PredictionEngine_generates_one_row_per_call_matching_Transform_by_position()
    {
        var engine = _mlContext.Model.CreatePredictionEngine<IdRow, GeneratedOnly>(_model);

        var predicted = Enumerable.Range(0, 3).Select(i => engine.Predict(new IdRow { Id = i }).Generated.ToArray()).ToArray();

        predicted.Should().OnlyContain(r => r.Length == 2);
        predicted[0].Should().NotEqual(predicted[1]);
        var transformed = GeneratedRows.Read(
            _model.Transform(_mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 3).Select(i => new IdRow { Id = i }))), "Generated");
        predicted.Should().BeEquivalentTo(transformed, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Seed_column_keys_each_row_so_equal_seeds_give_equal_rows()
    {
        var options = TinyGan.Options();
        options.SeedColumnName = "Seed";
        using var model = _mlContext.Gan().Trainer(options).Fit(RingMixture.Create(_mlContext, 128, seed: 1));
        var input = _mlContext.Data.LoadFromEnumerable(new long[] { 7, 8, 7, 123456789012 }.Select(s => new SeedRow { Seed = s }));

        var rows = GeneratedRows.Read(model.Transform(input), "Generated");

        rows[2].Should().Equal(rows[0]);
        rows[1].Should().NotEqual(rows[0]);
        rows[3].Should().NotEqual(rows[0]);
        var engine = _mlContext.Model.CreatePredictionEngine<SeedRow, GeneratedOnly>(model);
        engine.Predict(new SeedRow { Seed = 8 }).Generated.Should().Equal(rows[1]);
    }

    [Fact]
    public void Seed_column_of_the_wrong_type_is_a_schema_mismatch()
    {
        var options = TinyGan.Options();
        options.SeedColumnName = "Id";
        using var model = _mlContext.Gan().Trainer(options).Fit(RingMixture.Create(_mlContext, 128, seed: 1));
        var input = _mlContext.Data.LoadFromEnumerable(new[] { new TextIdRow { Id = "a" } });

        var transform = () => model.Transform(input);

        transform.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Schema mismatch for seed column 'Id': expected Int32, Int64, UInt32 or UInt64, got String.*");
    }

    public sealed class IdRow
    {
        public int Id { get; set; }
    }

    public sealed class TextIdRow
    {
        public string Id { get; set; } = string.Empty;
    }

    public sealed class SeedRow
    {
        public long Seed { get; set; }
    }

    public sealed class IdAndGenerated
    {
        public int Id { get; set; }

        [VectorType(2)]
        public float[] Generated { get; set; } = [];
    }

    public sealed class GeneratedOnly
    {
        [VectorType(2)]
        public float[] Generated { get; set; } = [];
    }
}
