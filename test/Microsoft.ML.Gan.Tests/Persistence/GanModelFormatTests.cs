using System;
using System.IO;
using System.Linq;
using System.Threading;
using FluentAssertions;
using Microsoft.ML.Gan.Samples.Toy;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Persistence;

/// <summary>The GAN payload inside model zips: exact round trips, and a clear error for every kind of bad file.</summary>
public sealed class GanModelFormatTests : IDisposable
{
    private readonly MLContext _mlContext = new(seed: 1);
    private readonly IDataView _data;
    private readonly GanTransformer _model;

    public GanModelFormatTests()
    {
        _data = RingMixture.Create(_mlContext, rows: 256, seed: 3);
        var options = TinyGan.Options(epochs: 2);
        options.Seed = 4;
        _model = _mlContext.Gan().Trainer(options).Fit(_data);
    }

    public void Dispose() => _model.Dispose();

    [Fact]
    public void Round_trip_generates_bit_identical_rows_and_keeps_settings_and_history()
    {
        using var loaded = new GanTransformer(GanModelFormat.Read(new MemoryStream(Bytes(_model)), CPU));

        GeneratedRows.Read(loaded.Generate(300, seed: 2), "Features")
            .Should().BeEquivalentTo(GeneratedRows.Read(_model.Generate(300, seed: 2), "Features"), o => o.WithStrictOrdering());
        loaded.Model.Settings.Should().BeEquivalentTo(_model.Model.Settings);
        loaded.TrainingHistory.Should().Equal(_model.TrainingHistory);
        loaded.GenerationSeed.Should().Be(_model.GenerationSeed);
    }

    [Fact]
    public void A_round_tripped_mid_epoch_checkpoint_resumes_exactly()
    {
        var options = TinyGan.Options(epochs: 4);
        options.Seed = 4;
        using var uninterrupted = _mlContext.Gan().Trainer(options).Fit(_data);
        using var cancellation = new CancellationTokenSource();
        var interrupted = TinyGan.Options(epochs: 4);
        interrupted.Seed = 4;
        interrupted.CancellationToken = cancellation.Token;
        interrupted.Progress = new ProgressCallback(s => { if (s.Epoch == 1) { cancellation.Cancel(); } });
        var canceled = FluentActions.Invoking(() => _mlContext.Gan().Trainer(interrupted).Fit(_data))
            .Should().Throw<GanTrainingCanceledException>().Which;
        using var partial = canceled.Model;

        using var checkpoint = new GanTransformer(GanModelFormat.Read(new MemoryStream(Bytes(partial)), CPU));
        using var resumed = _mlContext.Gan().Trainer(options).Fit(_data, checkpoint);

        resumed.TrainingHistory.Select(e => e.DiscriminatorLoss).Should().Equal(uninterrupted.TrainingHistory.Select(e => e.DiscriminatorLoss));
        GeneratedRows.Read(resumed.Generate(100, seed: 1), "Features")
            .Should().BeEquivalentTo(GeneratedRows.Read(uninterrupted.Generate(100, seed: 1), "Features"), o => o.WithStrictOrdering());
    }

    [Fact]
    public void Other_bytes_are_not_a_GanML_model()
    {
        var read = () => GanModelFormat.Read(new MemoryStream("PK\u0003\u0004 something else entirely"u8.ToArray()), CPU);

        read.Should().Throw<InvalidDataException>().WithMessage("This is not a valid GanML model: it does not start with the GanML model tag*");
    }

    [Fact]
    public void A_newer_format_version_asks_for_an_update()
    {
        var bytes = Bytes(_model);
        BitConverter.GetBytes(GanModelFormat.CurrentVersion + 1).CopyTo(bytes, 12);

        var read = () => GanModelFormat.Read(new MemoryStream(bytes), CPU);

        read.Should().Throw<InvalidDataException>().WithMessage("*saved in format version 2 by a newer Microsoft.ML.Gan*Update the Microsoft.ML.Gan package*");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(5000)]
    public void A_truncated_payload_says_so(int keep)
    {
        var bytes = Bytes(_model)[..keep];

        var read = () => GanModelFormat.Read(new MemoryStream(bytes), CPU);

        read.Should().Throw<InvalidDataException>().WithMessage("This is not a valid GanML model: it is truncated*");
    }

    [Fact]
    public void A_corrupted_payload_fails_its_checksum()
    {
        var bytes = Bytes(_model);
        bytes[bytes.Length / 2] ^= 0x40;

        var read = () => GanModelFormat.Read(new MemoryStream(bytes), CPU);

        read.Should().Throw<InvalidDataException>().WithMessage("*checksum does not match*corrupted*");
    }

    private static byte[] Bytes(GanTransformer model)
    {
        using var stream = new MemoryStream();
        GanModelFormat.Write(stream, model.Model);
        return stream.ToArray();
    }
}
