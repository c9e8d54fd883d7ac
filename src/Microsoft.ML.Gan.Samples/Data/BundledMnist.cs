using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace Microsoft.ML.Gan.Samples.Data;

/// <summary>
/// The 10,000 labelled 28×28 MNIST digits bundled in <c>data/mnist-10k</c> (gzip-compressed IDX files, see its
/// README.md), read as an ML.NET <see cref="IDataView"/>.
/// </summary>
/// <remarks>
/// Columns: <see cref="LabelColumnName"/> is a key of <see cref="uint"/> with <see cref="ClassCount"/> values
/// (key 1 is digit 0, … key 10 is digit 9, as ML.NET keys reserve 0 for missing) whose key-value annotation holds the
/// digits 0–9, so multiclass trainers take it as is and <c>MapKeyToValue</c> turns it back into the digit;
/// <see cref="FeaturesColumnName"/> is a known-size vector of <see cref="PixelCount"/> <see cref="float"/> pixels in
/// [0, 1], row-major, 0 for background. Rows are sorted by class (all zeros first), so shuffle before taking a
/// subset or training in batches. The files are validated when loading and streamed by every cursor; nothing is
/// held in memory between cursors.
/// </remarks>
public static class BundledMnist
{
    /// <summary>Image width and height in pixels.</summary>
    public const int ImageSize = 28;

    /// <summary>Pixels per image, the size of the <see cref="FeaturesColumnName"/> vector.</summary>
    public const int PixelCount = ImageSize * ImageSize;

    /// <summary>Number of classes: the digits 0–9.</summary>
    public const int ClassCount = 10;

    /// <summary>The label column: a key of <see cref="uint"/> with <see cref="ClassCount"/> values.</summary>
    public const string LabelColumnName = "Label";

    /// <summary>The pixel column: a vector of <see cref="PixelCount"/> <see cref="float"/> values in [0, 1].</summary>
    public const string FeaturesColumnName = "Features";

    /// <summary>The optional <see cref="MLImage"/> column (see <see cref="Load"/>).</summary>
    public const string ImageColumnName = "Image";

    /// <summary>The images file: IDX magic 0x00000803, count, 28, 28, then one byte per pixel.</summary>
    public const string ImagesFileName = "images-idx3-ubyte.gz";

    /// <summary>The labels file: IDX magic 0x00000801, count, then one byte (0–9) per image.</summary>
    public const string LabelsFileName = "labels-idx1-ubyte.gz";

    private const uint ImagesMagic = 0x00000803;
    private const uint LabelsMagic = 0x00000801;

    // Pixel byte → feature: the exact quotient byte / 255f (byte * (1f / 255) can be one ulp off), looked up per pixel.
    private static readonly float[] ByteToUnit = [.. Enumerable.Range(0, 256).Select(b => b / 255f)];

    /// <summary>
    /// Where <see cref="Load"/> looks without an explicit directory: <c>data/mnist-10k</c> under
    /// <see cref="AppContext.BaseDirectory"/>, where the build copies the bundled files.
    /// </summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "data", "mnist-10k");

    /// <summary>Loads the digits from <paramref name="directory"/>, or from <see cref="DefaultDirectory"/>.</summary>
    /// <param name="directory">The folder holding <see cref="ImagesFileName"/> and <see cref="LabelsFileName"/>.</param>
    /// <param name="includeImage">
    /// Also add <see cref="ImageColumnName"/>, an <see cref="ImageDataViewType"/> (28×28) column for ML.NET's image
    /// transforms: each read creates a new gray <see cref="MLImage"/> in <see cref="MLPixelFormat.Bgra32"/>
    /// (B = G = R = the pixel byte, A = 255), owned and disposed by the caller.
    /// </param>
    /// <exception cref="FileNotFoundException">A data file is missing.</exception>
    /// <exception cref="InvalidDataException">A data file is not gzip, is truncated or has a wrong IDX header.</exception>
    public static IDataView Load(string? directory = null, bool includeImage = false)
    {
        directory = Path.GetFullPath(directory ?? DefaultDirectory);
        var images = Path.Combine(directory, ImagesFileName);
        var labels = Path.Combine(directory, LabelsFileName);
        foreach (var path in new[] { images, labels })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"MNIST data file not found: {path}. Pass the folder holding {ImagesFileName} and {LabelsFileName}, "
                    + "or build the project so that it copies data/mnist-10k next to the app.",
                    path);
            }
        }

        var count = Validate(images, labels);
        return new MnistDataView(images, labels, count, includeImage);
    }

    // One full pass at load time, so that corrupt or truncated files fail here rather than mid-training.
    private static int Validate(string images, string labels)
    {
        int count;
        using (var labelFile = IdxFile.OpenLabels(labels))
        {
            count = labelFile.Count;
            var buffer = new byte[4096];
            for (var done = 0; done < count; done += buffer.Length)
            {
                var chunk = buffer.AsSpan(0, Math.Min(buffer.Length, count - done));
                labelFile.Read(chunk);
                var bad = chunk.IndexOfAnyExceptInRange((byte)0, (byte)(ClassCount - 1));
                if (bad >= 0)
                {
                    throw new InvalidDataException($"{labels}: label {chunk[bad]} at index {done + bad} is not a digit 0–9.");
                }
            }

            labelFile.ExpectEnd();
        }

        using (var imageFile = IdxFile.OpenImages(images))
        {
            if (imageFile.Count != count)
            {
                throw new InvalidDataException($"{images} holds {imageFile.Count} images but {labels} holds {count} labels.");
            }

            var buffer = new byte[PixelCount * 64];
            for (var done = 0; done < count; done += 64)
            {
                imageFile.Read(buffer.AsSpan(0, Math.Min(64, count - done) * PixelCount));
            }

            imageFile.ExpectEnd();
        }

        return count;
    }

    /// <summary>A gzip-compressed IDX file read front to back, with errors that name the file.</summary>
    private sealed class IdxFile : IDisposable
    {
        private readonly string _path;
        private readonly FileStream _file;
        private readonly GZipStream _gzip;
        private long _uncompressed;

        private IdxFile(string path)
        {
            _path = path;
            try
            {
                _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new FileNotFoundException($"MNIST data file not found: {path}.", path, e);
            }

            _gzip = new GZipStream(_file, CompressionMode.Decompress);
        }

        public int Count { get; private set; }

        public static IdxFile OpenLabels(string path)
        {
            var file = new IdxFile(path);
            try
            {
                Span<byte> header = stackalloc byte[8];
                file.ReadHeader(header, LabelsMagic);
                file.Count = file.CheckCount(BinaryPrimitives.ReadUInt32BigEndian(header[4..]), 1);
                return file;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        public static IdxFile OpenImages(string path)
        {
            var file = new IdxFile(path);
            try
            {
                Span<byte> header = stackalloc byte[16];
                file.ReadHeader(header, ImagesMagic);
                var rows = BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
                var columns = BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
                if (rows != ImageSize || columns != ImageSize)
                {
                    throw new InvalidDataException($"{path} holds {rows}×{columns} images, not {ImageSize}×{ImageSize}.");
                }

                file.Count = file.CheckCount(BinaryPrimitives.ReadUInt32BigEndian(header[4..]), PixelCount);
                return file;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        public void Read(Span<byte> buffer)
        {
            if (ReadUpTo(buffer) < buffer.Length)
            {
                throw new InvalidDataException($"{_path} is truncated: it ends before the {Count} items its header declares.");
            }
        }

        public void ExpectEnd()
        {
            Span<byte> extra = stackalloc byte[1];
            if (ReadUpTo(extra) != 0)
            {
                throw new InvalidDataException($"{_path} has data after the {Count} items its header declares.");
            }

            // GZipStream checks the CRC only when the 8-byte trailer is there, and accepts a file cut inside it; the
            // trailer's last field is the uncompressed size mod 2^32, so compare it with the size read.
            Span<byte> size = stackalloc byte[4];
            var length = _file.Length;
            if (length < 18 || RandomAccess.Read(_file.SafeFileHandle, size, length - 4) != 4
                || BinaryPrimitives.ReadUInt32LittleEndian(size) != (uint)_uncompressed)
            {
                throw new InvalidDataException($"{_path} is truncated or not a single-member gzip file: its gzip trailer is missing or wrong.");
            }
        }

        public void Dispose()
        {
            _gzip.Dispose();
            _file.Dispose();
        }

        private void ReadHeader(Span<byte> header, uint magic)
        {
            if (ReadUpTo(header) < header.Length)
            {
                throw new InvalidDataException($"{_path} is truncated: it ends inside the {header.Length}-byte IDX header.");
            }

            var actual = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (actual != magic)
            {
                throw new InvalidDataException($"{_path} is not the expected IDX file: magic number 0x{actual:X8}, expected 0x{magic:X8}.");
            }
        }

        private int CheckCount(uint count, int itemSize)
        {
            if (count == 0 || count > int.MaxValue / itemSize)
            {
                throw new InvalidDataException($"{_path} declares {count} items in its IDX header.");
            }

            return (int)count;
        }

        // GZipStream reports bad gzip data (wrong magic, bad deflate data, CRC mismatch) as InvalidDataException
        // without the file name; add it.
        private int ReadUpTo(Span<byte> buffer)
        {
            try
            {
                var read = _gzip.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                _uncompressed += read;
                return read;
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{_path} is not a valid gzip file or is corrupt: {e.Message}", e);
            }
        }
    }

    private sealed class MnistDataView : IDataView
    {
        private readonly string _images;
        private readonly string _labels;
        private readonly int _count;

        public MnistDataView(string images, string labels, int count, bool includeImage)
        {
            _images = images;
            _labels = labels;
            _count = count;

            var digits = new VBuffer<uint>(ClassCount, [.. Enumerable.Range(0, ClassCount).Select(d => (uint)d)]);
            var annotations = new DataViewSchema.Annotations.Builder();
            // "KeyValues" is the annotation MapValueToKey writes and MapKeyToValue and the evaluators read.
            annotations.Add(
                "KeyValues",
                new VectorDataViewType(NumberDataViewType.UInt32, ClassCount),
                (ref VBuffer<uint> value) => digits.CopyTo(ref value));
            var builder = new DataViewSchema.Builder();
            builder.AddColumn(LabelColumnName, new KeyDataViewType(typeof(uint), ClassCount), annotations.ToAnnotations());
            builder.AddColumn(FeaturesColumnName, new VectorDataViewType(NumberDataViewType.Single, PixelCount));
            if (includeImage)
            {
                builder.AddColumn(ImageColumnName, new ImageDataViewType(ImageSize, ImageSize));
            }

            Schema = builder.ToSchema();
        }

        public bool CanShuffle => false;

        public DataViewSchema Schema { get; }

        public long? GetRowCount() => _count;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            new Cursor(this, columnsNeeded.Select(c => c.Index));

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [GetRowCursor(columnsNeeded, rand)];

        private sealed class Cursor : DataViewRowCursor
        {
            private const int LabelIndex = 0;
            private const int FeaturesIndex = 1;
            private const int ImageIndex = 2;

            private readonly MnistDataView _parent;
            private readonly bool[] _active;
            private readonly IdxFile? _labelFile;
            private readonly IdxFile? _imageFile;
            private readonly byte[] _pixels = new byte[PixelCount];
            private byte[]? _bgra;
            private byte _label;
            private long _position = -1;

            public Cursor(MnistDataView parent, IEnumerable<int> active)
            {
                _parent = parent;
                _active = new bool[parent.Schema.Count];
                foreach (var index in active)
                {
                    _active[index] = true;
                }

                // Only the files the active columns need are opened; a label-only scan skips the 7.8 MB of pixels.
                try
                {
                    if (_active[LabelIndex])
                    {
                        _labelFile = IdxFile.OpenLabels(parent._labels);
                        CheckUnchanged(_labelFile, parent._labels);
                    }

                    if (_active[FeaturesIndex] || (_active.Length > ImageIndex && _active[ImageIndex]))
                    {
                        _imageFile = IdxFile.OpenImages(parent._images);
                        CheckUnchanged(_imageFile, parent._images);
                    }
                }
                catch
                {
                    _labelFile?.Dispose();
                    throw;
                }
            }

            public override long Position => _position;

            public override long Batch => 0;

            public override DataViewSchema Schema => _parent.Schema;

            public override bool MoveNext()
            {
                if (_position + 1 >= _parent._count)
                {
                    _position = _parent._count;
                    return false;
                }

                if (_labelFile != null)
                {
                    _labelFile.Read(new Span<byte>(ref _label));
                    if (_label >= ClassCount)
                    {
                        throw new InvalidDataException($"{_parent._labels}: label {_label} at index {_position + 1} is not a digit 0–9.");
                    }
                }

                _imageFile?.Read(_pixels);
                _position++;
                return true;
            }

            public override ValueGetter<DataViewRowId> GetIdGetter() =>
                (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

            public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                if (column.Index >= _active.Length || !_active[column.Index])
                {
                    throw new InvalidOperationException($"Column '{column.Name}' is not active on this cursor.");
                }

                (Delegate Getter, string RawType) found = column.Index switch
                {
                    LabelIndex => ((ValueGetter<uint>)((ref uint value) =>
                    {
                        CheckRow();
                        value = _label + 1u;
                    }), "UInt32"),
                    FeaturesIndex => ((ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
                    {
                        CheckRow();
                        var editor = VBufferEditor.Create(ref value, PixelCount);
                        for (var i = 0; i < PixelCount; i++)
                        {
                            editor.Values[i] = ByteToUnit[_pixels[i]];
                        }

                        value = editor.Commit();
                    }), "VBuffer<Single>"),
                    _ => ((ValueGetter<MLImage>)((ref MLImage value) =>
                    {
                        CheckRow();
                        _bgra ??= new byte[PixelCount * 4];
                        for (var i = 0; i < PixelCount; i++)
                        {
                            var gray = _pixels[i];
                            _bgra[4 * i] = gray;
                            _bgra[4 * i + 1] = gray;
                            _bgra[4 * i + 2] = gray;
                            _bgra[4 * i + 3] = byte.MaxValue;
                        }

                        value = MLImage.CreateFromPixels(ImageSize, ImageSize, MLPixelFormat.Bgra32, _bgra);
                    }), "MLImage"),
                };
                return found.Getter as ValueGetter<TValue>
                    ?? throw new InvalidOperationException(
                        $"Column '{column.Name}' holds {column.Type}; read it as {found.RawType}, not {typeof(TValue).Name}.");
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _labelFile?.Dispose();
                    _imageFile?.Dispose();
                }

                base.Dispose(disposing);
            }

            private void CheckUnchanged(IdxFile file, string path)
            {
                if (file.Count != _parent._count)
                {
                    file.Dispose();
                    throw new InvalidDataException($"{path} changed since it was loaded: it now declares {file.Count} items, not {_parent._count}.");
                }
            }

            private void CheckRow()
            {
                if (_position < 0 || _position >= _parent._count)
                {
                    throw new InvalidOperationException("The cursor is not on a row: call MoveNext and check that it returned true.");
                }
            }
        }
    }
}
