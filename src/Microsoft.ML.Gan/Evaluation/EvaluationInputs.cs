using System;
using System.Collections.Generic;
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
