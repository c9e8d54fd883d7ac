using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Tabular;

/// <summary>One CTGAN trained once on <see cref="TinyTable"/>, shared by the tests of what users see in generated rows.</summary>
public sealed class TinyTableModel : IDisposable
{
    public TinyTableModel()
    {
        Data = TinyTable.Load(MLContext);
        Model = MLContext.Gan().Tabular(TinyTable.Options(epochs: 500)).Fit(Data);
    }

    public MLContext MLContext { get; } = new(seed: 1);

    public IDataView Data { get; }

    public TabularGanTransformer Model { get; }

    public void Dispose() => Model.Dispose();
}

/// <summary>Generated rows have the input schema and the data's marginals; the model round-trips through a zip.</summary>
public sealed class TabularGanTests : IClassFixture<TinyTableModel>, IDisposable
{
    private readonly TinyTableModel _fixture;
    private readonly MLContext _mlContext;
    private readonly string _directory = Directory.CreateTempSubdirectory("ganml-tabular-").FullName;

    public TabularGanTests(TinyTableModel fixture)
    {
        _fixture = fixture;
        _mlContext = fixture.MLContext;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Generated_rows_have_exactly_the_input_schema_including_key_values()
    {
        var generated = _fixture.Model.Generate(300, seed: 3);

        var real = _fixture.Data.Schema.Where(c => !c.IsHidden).ToArray();
        generated.Schema.Select(c => (c.Name, c.Type)).Should().Equal(real.Select(c => (c.Name, c.Type)));
        KeyValues(generated.Schema["Segment"]).Should().Equal(KeyValues(_fixture.Data.Schema["Segment"]));

        var rows = _mlContext.Data.CreateEnumerable<TinyTable.Row>(
            _mlContext.Transforms.Conversion.MapKeyToValue("Segment").Fit(generated).Transform(generated), reuseRowObject: false).ToArray();
        rows.Should().HaveCount(300);
        rows.Select(r => r.City).Distinct().Should().BeSubsetOf(["Paris", "Lyon", "Nice"]);
        rows.Select(r => r.Segment).Distinct().Should().BeSubsetOf(["junior", "senior"]);
        rows.Should().OnlyContain(r => r.Visits >= 0 && r.Visits <= 9);
        rows.Should().OnlyContain(r => float.IsFinite(r.Age));
    }

    [Fact]
    public void Missing_values_come_back_at_about_their_rate()
    {
        var income = _fixture.Model.Generate(2000, seed: 4).GetColumn<double>("Income").ToArray();

        var missing = income.Count(double.IsNaN) / (double)income.Length;
        missing.Should().BeInRange(0.03, 0.2, "the training column has 10% missing values");
        income.Where(v => !double.IsNaN(v)).Average().Should().BeInRange(25_000, 35_000);
    }

    [Fact]
    public void Category_frequencies_are_within_tolerance_of_the_data()
    {
        var cities = _fixture.Model.Generate(2000, seed: 5).GetColumn<ReadOnlyMemory<char>>("City").Select(c => c.ToString()).ToArray();

        Share(cities, "Paris").Should().BeApproximately(0.6, 0.1);
        Share(cities, "Lyon").Should().BeApproximately(0.3, 0.1);
        Share(cities, "Nice").Should().BeApproximately(0.1, 0.07);
        var members = _fixture.Model.Generate(2000, seed: 5).GetColumn<bool>("Member").ToArray();
        (members.Count(m => m) / 2000.0).Should().BeApproximately(0.3, 0.1);
    }

    [Fact]
    public void A_packed_critic_also_learns_the_categories_and_both_modes()
    {
        // The default critic judges single rows; CTGAN's packing (10 rows per critic input) stays an option.
        var options = TinyTable.Options(epochs: 300);
        options.PackSize = 10;
        using var packed = _mlContext.Gan().Tabular(options).Fit(_fixture.Data);
        var rows = packed.Generate(2000, seed: 5);
        var cities = rows.GetColumn<ReadOnlyMemory<char>>("City").Select(c => c.ToString()).ToArray();
        var ages = rows.GetColumn<float>("Age").ToArray();

        Share(cities, "Paris").Should().BeApproximately(0.6, 0.15);
        Share(cities, "Nice").Should().BeApproximately(0.1, 0.08);
        (ages.Count(a => a < 42.5) / 2000.0).Should().BeApproximately(0.5, 0.2);
    }

    [Fact]
    public void Both_modes_of_a_bimodal_column_are_recovered()
    {
        var ages = _fixture.Model.Generate(2000, seed: 6).GetColumn<float>("Age").ToArray();

        var young = ages.Count(a => a < 42.5) / 2000.0;
        young.Should().BeApproximately(0.5, 0.15);
        ages.Count(a => a is > 33 and < 50).Should().BeLessThan(200, "the data has no rows between the modes");
        ages.Where(a => a < 42.5).Average().Should().BeApproximately(25, 3);
        ages.Where(a => a >= 42.5).Average().Should().BeApproximately(60, 3);
    }

    [Fact]
    public void Conditional_generation_gives_only_the_asked_category()
    {
        var rows = _fixture.Model.Generate(200, seed: 8, "City", "Nice");

        rows.GetColumn<ReadOnlyMemory<char>>("City").Select(c => c.ToString()).Should().HaveCount(200).And.OnlyContain(c => c == "Nice");
        _fixture.Model.GetCategories("Segment").Should().BeEquivalentTo(["junior", "senior"]);
        var senior = _fixture.Model.Generate(400, seed: 8, "Segment", "senior").GetColumn<float>("Age").Average();
        var junior = _fixture.Model.Generate(400, seed: 8, "Segment", "junior").GetColumn<float>("Age").Average();
        (senior - junior).Should().BeGreaterThan(8, "in the data every senior is in the older mode (60) and every junior in the younger (25)");
    }

    [Fact]
    public void A_numeric_column_with_few_values_comes_back_as_those_values_at_their_rates()
    {
        // Visits is uniform over 0…9: 10 values, under the default DiscreteValueLimit, so modelled as categorical.
        _fixture.Model.GetCategories("Visits").Should().Equal(Enumerable.Range(0, 10).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var visits = _fixture.Model.Generate(2000, seed: 12).GetColumn<int>("Visits").ToArray();

        visits.Should().OnlyContain(v => v >= 0 && v <= 9);
        foreach (var value in Enumerable.Range(0, 10))
        {
            (visits.Count(v => v == value) / 2000.0).Should().BeApproximately(0.1, 0.05, $"each of 0…9 is 10% of the data (value {value})");
        }

        _fixture.Model.Generate(100, seed: 12, "Visits", "3").GetColumn<int>("Visits").Should().OnlyContain(v => v == 3);
        var continuous = () => _fixture.Model.Generate(10, seed: 1, "Age", "25");
        continuous.Should().Throw<ArgumentException>().WithMessage("Column 'Age' is continuous*");
    }

    [Fact]
    public void Unknown_condition_names_the_categories()
    {
        var act = () => _fixture.Model.Generate(10, seed: 1, "City", "Rome");

        act.Should().Throw<ArgumentException>().WithMessage("Column 'City' had no category 'Rome' in training. Its categories: 'Paris', 'Lyon', 'Nice'.*");
    }

    [Fact]
    public void The_same_seed_gives_the_same_rows_and_another_seed_others()
    {
        Rows(_fixture.Model.Generate(100, seed: 9)).Should().Equal(Rows(_fixture.Model.Generate(100, seed: 9)));
        Rows(_fixture.Model.Generate(100, seed: 10)).Should().NotEqual(Rows(_fixture.Model.Generate(100, seed: 9)));
    }

    [Fact]
    public void Loaded_model_generates_bit_identical_rows_every_way()
    {
        var path = Path.Combine(_directory, "tabular.zip");
        _mlContext.Model.Save(_fixture.Model, _fixture.Data.Schema, path);

        var loader = new MLContext();
        loader.Gan();
        using var loaded = (TabularGanTransformer)loader.Model.Load(path, out _);

        Rows(loaded.Generate(500, seed: 12)).Should().Equal(Rows(_fixture.Model.Generate(500, seed: 12)));
        Rows(loaded.Generate(50, seed: 12, "City", "Lyon")).Should().Equal(Rows(_fixture.Model.Generate(50, seed: 12, "City", "Lyon")));
        KeyValues(loaded.Generate(5, seed: 1).Schema["Segment"]).Should().Equal(KeyValues(_fixture.Data.Schema["Segment"]));
        loaded.TrainingHistory.Should().Equal(_fixture.Model.TrainingHistory);

        var empty = _mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new Empty { Id = i }));
        Rows(loaded.Transform(empty)).Should().Equal(Rows(_fixture.Model.Transform(empty)));
        var before = _mlContext.Model.CreatePredictionEngine<Empty, Synthetic>(_fixture.Model);
        var after = loader.Model.CreatePredictionEngine<Empty, Synthetic>(loaded);
        var predicted = after.Predict(new Empty());
        predicted.Should().BeEquivalentTo(before.Predict(new Empty()));
        predicted.City.Should().BeOneOf("Paris", "Lyon", "Nice");
    }

    [Theory]
    [InlineData("Generate")]
    [InlineData("Transform")]
    public void Another_process_generates_the_same_bytes(string via)
    {
        var path = Path.Combine(_directory, "tabular.zip");
        _mlContext.Model.Save(_fixture.Model, _fixture.Data.Schema, path);
        var theirs = Path.Combine(_directory, $"theirs-{via}.csv");
        var ours = Path.Combine(_directory, $"ours-{via}.csv");

        var (exitCode, output) = SamplesApp.Run("generate", "--model", path, "--count", "300", "--seed", "4", "--via", via, "--out", theirs);

        exitCode.Should().Be(0, output);
        var rows = via == "Generate"
            ? _fixture.Model.Generate(300, seed: 4)
            : _fixture.Model.Transform(_mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 300).Select(i => new RowNumber { Number = i })));
        using (var file = File.Create(ours))
        {
            _mlContext.Data.SaveAsText(rows, file, separatorChar: ',', headerRow: true, schema: false);
        }

        File.ReadAllText(theirs).Should().Be(File.ReadAllText(ours));
        File.ReadAllLines(theirs).Should().HaveCount(301);
    }

    [Fact]
    public void Transform_appends_a_synthetic_row_per_input_row()
    {
        var input = _mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 30).Select(i => new Empty { Id = i }));

        var output = _fixture.Model.Transform(input);

        output.Schema.Select(c => c.Name).Where(n => n != "Id").Should().Equal(_fixture.Model.ColumnNames);
        output.GetColumn<int>("Id").Should().Equal(Enumerable.Range(0, 30));
        output.GetColumn<ReadOnlyMemory<char>>("City").Should().HaveCount(30);
    }

    [Fact]
    public void A_checkpoint_is_written_and_cancellation_hands_back_the_model()
    {
        var checkpoint = Path.Combine(_directory, "checkpoint.zip");
        using var cancel = new CancellationTokenSource();
        var options = TinyTable.Options(epochs: 50);
        options.CheckpointPath = checkpoint;
        options.CheckpointInterval = 1;
        options.CancellationToken = cancel.Token;
        options.Progress = new ProgressCallback(summary =>
        {
            if (summary.Epoch == 2)
            {
                cancel.Cancel();
            }
        });

        var fit = () => _mlContext.Gan().Tabular(options).Fit(_fixture.Data);

        var canceled = fit.Should().Throw<TabularGanTrainingCanceledException>().Which;
        canceled.CompletedEpochs.Should().Be(2);
        using var partial = canceled.Model;
        partial.TrainingHistory.Should().HaveCount(2);
        var loader = new MLContext();
        loader.Gan();
        using var fromCheckpoint = (TabularGanTransformer)loader.Model.Load(checkpoint, out _);
        Rows(fromCheckpoint.Generate(50, seed: 1)).Should().Equal(Rows(partial.Generate(50, seed: 1)));
    }

    [Fact]
    public void Training_is_reproducible_from_the_seed()
    {
        var data = TinyTable.Load(_mlContext, count: 100);
        using var first = _mlContext.Gan().Tabular(TinyTable.Options(epochs: 3)).Fit(data);
        using var second = _mlContext.Gan().Tabular(TinyTable.Options(epochs: 3)).Fit(data);

        Rows(first.Generate(100, seed: 2)).Should().Equal(Rows(second.Generate(100, seed: 2)));
    }

    private static double Share(string[] values, string value) => values.Count(v => v == value) / (double)values.Length;

    private static string[] KeyValues(DataViewSchema.Column column)
    {
        var values = default(VBuffer<ReadOnlyMemory<char>>);
        column.Annotations.GetValue("KeyValues", ref values);
        return values.DenseValues().Select(v => v.ToString()).ToArray();
    }

    /// <summary>Every generated row as text, column by column, exact to the bit (doubles as round-trip strings).</summary>
    internal static List<string> Rows(IDataView data)
    {
        var columns = data.Schema.Where(c => !c.IsHidden).ToArray();
        var rows = new List<string>();
        using var cursor = data.GetRowCursor(columns);
        var readers = columns.Select(c => Reader(cursor, c)).ToArray();
        while (cursor.MoveNext())
        {
            rows.Add(string.Join("|", readers.Select(r => r())));
        }

        return rows;
    }

    private static Func<string> Reader(DataViewRow row, DataViewSchema.Column column)
    {
        string Read<T>()
        {
            var getter = row.GetGetter<T>(column);
            T value = default!;
            getter(ref value);
            return value switch
            {
                double d => BitConverter.DoubleToInt64Bits(d).ToString(System.Globalization.CultureInfo.InvariantCulture),
                float f => BitConverter.SingleToInt32Bits(f).ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => value?.ToString() ?? string.Empty,
            };
        }

        var type = column.Type;
        if (type == NumberDataViewType.Single) return Read<float>;
        if (type == NumberDataViewType.Double) return Read<double>;
        if (type == NumberDataViewType.Int32) return Read<int>;
        if (type == NumberDataViewType.Int64) return Read<long>;
        if (type is BooleanDataViewType) return Read<bool>;
        if (type is KeyDataViewType) return Read<uint>;
        return Read<ReadOnlyMemory<char>>;
    }

    private sealed class RowNumber
    {
        public int Number { get; set; }
    }

    private sealed class Empty
    {
        public int Id { get; set; }
    }

    private sealed class Synthetic
    {
        public float Age { get; set; }

        public double Income { get; set; }

        public int Visits { get; set; }

        public string City { get; set; } = string.Empty;

        public bool Member { get; set; }

        public uint Segment { get; set; }
    }
}
