using System;
using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan;

/// <summary>Reads and validates the feature columns the metrics compare, and reports warnings through ML.NET's log.</summary>
internal static class EvaluationInputs
{
    /// <summary>Reads a known-size float vector column, with the ML.NET-style messages of training for bad input.</summary>
    public static FeatureMatrix ReadFeatures(IDataView data, string columnName, string paramName, string dataName)
    {
        ArgumentNullException.ThrowIfNull(data, paramName);
        ArgumentException.ThrowIfNullOrEmpty(columnName);
        var column = SchemaChecks.FeatureColumn(data.Schema, columnName, paramName);
        return FeatureMatrix.Read(data, column, default, dataName);
    }

    /// <summary>Reads a key column of <see cref="uint"/> (ML.NET's multiclass label) as zero-based classes.</summary>
    public static (long[] Labels, int Classes) ReadKeyLabels(IDataView data, string columnName, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(columnName);
        var column = data.Schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentOutOfRangeException(paramName, $"Could not find label column '{columnName}'.");
        if (column.Type is not KeyDataViewType { RawType: var raw } key || raw != typeof(uint) || key.Count is 0 or > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(paramName,
                $"Schema mismatch for label column '{columnName}': expected a key of UInt32 with a known count, got {column.Type}. " +
                "Map the labels to keys first (mlContext.Transforms.Conversion.MapValueToKey).");
        }

        var labels = new List<long>();
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<uint>(column);
        uint value = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            if (value == 0)
            {
                throw new InvalidOperationException($"Label column '{columnName}' has a missing value at row {labels.Count}.");
            }

            labels.Add(value - 1);
        }

        return ([.. labels], (int)key.Count);
    }

    public static FeatureStatistics Statistics(IDataView data, string columnName, string paramName, string dataName)
    {
        var matrix = ReadFeatures(data, columnName, paramName, dataName);
        return FeatureStatistics.Compute(matrix.Span, matrix.Rows, matrix.Dimension, $"column '{columnName}'");
    }

    public static void Warn(MLContext context, string operation, IEnumerable<string> warnings)
    {
        using var channel = ((IHostEnvironment)context).Register("GanEvaluation").Start(operation);
        foreach (var warning in warnings)
        {
            channel.Warning(MessageSensitivity.None, warning);
        }
    }
}
