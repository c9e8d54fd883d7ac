using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Tabular;

/// <summary>Each kind of bad or odd table fails before training with a clear message, or has documented behaviour.</summary>
public sealed class TabularBadInputTests
{
    private readonly MLContext _mlContext = new(seed: 1);

    [Fact]
    public void Unsupported_column_type_names_the_column_and_the_supported_types()
    {
        var data = _mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new VectorRow { Value = i, Vector = [i, i] }));

        var fit = () => _mlContext.Gan().Tabular(TinyTable.Options(epochs: 1)).Fit(data);

        fit.Should().Throw<ArgumentOutOfRangeException>().WithMessage(
            "Schema mismatch for tabular column 'Vector': expected Single, Double, Int32, Int64, Boolean, String (text) or a key of UInt32, got vector of Single with 2 slots.*");
        var shape = () => _mlContext.Gan().Tabular(TinyTable.Options(epochs: 1)).GetOutputSchema(
            new SchemaShape([MLNetInternals.CreateSchemaShapeColumn("Vector", SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single)]));
        shape.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Schema mismatch for tabular column 'Vector'*");
    }

    [Fact]
    public void Missing_column_lists_the_available_ones()
    {
        var data = TinyTable.Load(_mlContext, count: 20);
        var options = TinyTable.Options(epochs: 1);
        options.ColumnNames = ["Age", "Town"];

        var fit = () => _mlContext.Gan().Tabular(options).Fit(data);

        fit.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Could not find tabular column 'Town'. The input has: 'Age', 'Income', 'Visits', 'City', 'Member', 'Segment'.*");
    }

    [Fact]
    public void All_missing_column_is_an_error()
    {
        var data = _mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new NumberRow { Value = i, Empty = float.NaN }));

        var fit = () => _mlContext.Gan().Tabular(TinyTable.Options(epochs: 1)).Fit(data);

        fit.Should().Throw<InvalidOperationException>().WithMessage("Column 'Empty' has no values: every row is missing (NaN).*");
    }

    [Fact]
    public void Infinity_is_an_error_that_names_the_column()
    {
        var data = _mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new NumberRow { Value = i, Empty = i == 3 ? float.PositiveInfinity : i }));

        var fit = () => _mlContext.Gan().Tabular(TinyTable.Options(epochs: 1)).Fit(data);

        fit.Should().Throw<InvalidOperationException>().WithMessage("Column 'Empty' holds Infinity. Tabular GANs read NaN as a missing value but cannot model infinities*");
    }

    [Fact]
    public void Fewer_rows_than_a_pack_is_an_error_and_an_empty_table_too()
    {
        var few = TinyTable.Load(_mlContext, count: 9);
        var empty = _mlContext.Data.FilterRowsByColumn(TinyTable.Load(_mlContext, count: 20), "Age", lowerBound: 1000, upperBound: 2000);

        var packed = TinyTable.Options(epochs: 1);
        packed.PackSize = 10;
        var fitFew = () => _mlContext.Gan().Tabular(packed).Fit(few);
        var fitEmpty = () => _mlContext.Gan().Tabular(TinyTable.Options(epochs: 1)).Fit(empty);

        fitFew.Should().Throw<InvalidOperationException>().WithMessage("The table has 9 rows; a tabular GAN needs at least PackSize (10) rows*");
        fitEmpty.Should().Throw<InvalidOperationException>().WithMessage("The table has 0 rows*");
    }

    [Fact]
    public void Invalid_options_fail_when_the_trainer_is_created()
    {
        var options = TinyTable.Options();
        options.PackSize = 10;
        options.BatchSize = 55;

        var create = () => _mlContext.Gan().Tabular(options);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("TabularGanTrainer.Options.BatchSize must be a multiple of PackSize (10).*");
    }

    [Fact]
    public void A_column_with_one_value_is_generated_as_that_constant()
    {
        var data = _mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new ConstantRow { Value = i % 7, Same = 3.5f, Label = "only" }));

        using var model = _mlContext.Gan().Tabular(TinyTable.Options(epochs: 2)).Fit(data);
        var generated = model.Generate(100, seed: 1);

        generated.GetColumn<float>("Same").Should().OnlyContain(v => v == 3.5f);
        generated.GetColumn<ReadOnlyMemory<char>>("Label").Select(v => v.ToString()).Should().OnlyContain(v => v == "only");
    }

    [Fact]
    public void A_category_seen_once_is_kept_and_more_columns_than_rows_still_trains()
    {
        var rows = Enumerable.Range(0, 10).Select(i => new WideRow
        {
            Rare = i == 0 ? "once" : "common",
            A = i,
            B = i * 2,
            C = i % 3,
            D = -i,
            E = i * i,
            F = 1 - i,
            G = i / 2f,
            H = i % 2,
            I = i % 4,
            J = i % 5,
            K = 7 - i,
        });
        var data = _mlContext.Data.LoadFromEnumerable(rows);

        using var model = _mlContext.Gan().Tabular(TinyTable.Options(epochs: 2)).Fit(data);

        model.ColumnNames.Should().HaveCount(12);
        model.GetCategories("Rare").Should().BeEquivalentTo(["common", "once"]);
        model.Generate(20, seed: 1, "Rare", "once").GetColumn<ReadOnlyMemory<char>>("Rare").Should().HaveCount(20);
    }

    private sealed class VectorRow
    {
        public float Value { get; set; }

        [VectorType(2)]
        public float[] Vector { get; set; } = [];
    }

    private sealed class NumberRow
    {
        public float Value { get; set; }

        public float Empty { get; set; }
    }

    private sealed class ConstantRow
    {
        public int Value { get; set; }

        public float Same { get; set; }

        public string Label { get; set; } = string.Empty;
    }

    private sealed class WideRow
    {
        public string Rare { get; set; } = string.Empty;

        public float A { get; set; }

        public float B { get; set; }

        public float C { get; set; }

        public float D { get; set; }

        public float E { get; set; }

        public float F { get; set; }

        public float G { get; set; }

        public float H { get; set; }

        public float I { get; set; }

        public float J { get; set; }

        public float K { get; set; }
    }
}
