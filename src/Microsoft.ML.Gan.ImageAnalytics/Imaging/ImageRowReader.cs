using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace Microsoft.ML.Gan;

/// <summary>
/// Streams the images of one column through a cursor: either a float vector column read as <see cref="ImageShape"/>
/// describes, or an <see cref="MLImage"/> column. Reading a row allocates nothing for vector columns (one dense buffer
/// serves every row).
/// </summary>
internal sealed class ImageRowReader : IDisposable
{
    private readonly DataViewRowCursor _cursor;
    private readonly ImageShape _shape;
    private readonly ValueGetter<VBuffer<float>>? _vectorGetter;
    private readonly ValueGetter<MLImage>? _imageGetter;
    private readonly float[]? _dense;
    private VBuffer<float> _vector;
    private MLImage? _image;

    private ImageRowReader(DataViewRowCursor cursor, DataViewSchema.Column column, ImageShape shape)
    {
        _cursor = cursor;
        _shape = shape;
        if (column.Type is ImageDataViewType)
        {
            _imageGetter = cursor.GetGetter<MLImage>(column);
        }
        else
        {
            _vectorGetter = cursor.GetGetter<VBuffer<float>>(column);
            _dense = new float[shape.Length];
        }
    }

    /// <summary>
    /// Opens a cursor over <paramref name="columnName"/>. A vector column needs <paramref name="shape"/>; an image column
    /// must come without one.
    /// </summary>
    public static ImageRowReader Open(IDataView rows, string columnName, ImageShape? shape)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentException.ThrowIfNullOrEmpty(columnName);
        var column = rows.Schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentOutOfRangeException(nameof(columnName),
                $"Could not find column '{columnName}'. The input has: {string.Join(", ", rows.Schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.");

        if (column.Type is ImageDataViewType)
        {
            if (shape is not null)
            {
                throw new ArgumentException(
                    $"Column '{columnName}' already holds images; call the overload without an ImageShape.", nameof(shape));
            }

            return new ImageRowReader(rows.GetRowCursor([column]), column, default);
        }

        if (shape is not { } known)
        {
            throw new ArgumentException(
                $"Column '{columnName}' holds {column.Type}, not images; pass the ImageShape that describes its rows.", nameof(shape));
        }

        known = known.Checked(nameof(shape));
        if (column.Type is not VectorDataViewType { IsKnownSize: true } vector || vector.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentOutOfRangeException(nameof(columnName),
                $"Schema mismatch for image column '{columnName}': expected known-size vector of Single or an image, got {column.Type}.");
        }

        if (vector.Size != known.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(shape),
                $"Column '{columnName}' has {vector.Size} slots; an image of {known.Width} × {known.Height} × {known.Channels} needs {known.Length}.");
        }

        return new ImageRowReader(rows.GetRowCursor([column]), column, known);
    }

    /// <summary>The current image's width: from the shape, or from the image read by <see cref="MoveNext"/>.</summary>
    public int Width => _image?.Width ?? _shape.Width;

    /// <summary>The current image's height.</summary>
    public int Height => _image?.Height ?? _shape.Height;

    /// <summary>Moves to the next row and reads its value; <see langword="false"/> after the last row.</summary>
    public bool MoveNext()
    {
        if (!_cursor.MoveNext())
        {
            return false;
        }

        if (_vectorGetter is not null)
        {
            _vectorGetter(ref _vector);
        }
        else
        {
            ReleaseImage();
            MLImage image = null!;
            _imageGetter!(ref image);
            _image = image ?? throw new InvalidOperationException($"Row {_cursor.Position} has no image.");
        }

        return true;
    }

    /// <summary>Writes the current row's image as opaque BGRA at <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination, int rowBytes)
    {
        if (_image is not null)
        {
            ImagePixels.FromImage(_image, destination, rowBytes);
            return;
        }

        ReadOnlySpan<float> row;
        if (_vector.IsDense)
        {
            row = _vector.GetValues();
        }
        else
        {
            _vector.CopyTo(_dense!);
            row = _dense;
        }

        ImagePixels.FromRow(row, _shape, destination, rowBytes);
    }

    public void Dispose()
    {
        ReleaseImage();
        _cursor.Dispose();
    }

    // A GeneratedImageTransformer makes a new image per read that only this reader holds, so its native pixels are
    // freed here rather than by the finalizer. Other images may belong to the caller (an in-memory column returns the
    // caller's own objects) and are left alone.
    private void ReleaseImage()
    {
        if (_image?.Tag == nameof(GeneratedImageTransformer))
        {
            _image.Dispose();
        }

        _image = null;
    }
}
