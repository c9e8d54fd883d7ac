using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan;

/// <summary>
/// The label column of synthetic rows from a label-conditional model: which class each position gets, and the label's
/// value in the training column's own type (a key k + 1, or the class as an integer).
/// </summary>
internal sealed class SyntheticLabels
{
    public SyntheticLabels(GanSettings settings, Func<long, int> classOfPosition)
    {
        ColumnName = settings.ConditionColumnName!;
        Kind = settings.Condition;
        ClassOfPosition = classOfPosition;
        Type = Kind switch
        {
            ConditionKind.KeyLabel => new KeyDataViewType(typeof(uint), settings.ConditionDimension),
            ConditionKind.Int32Label => NumberDataViewType.Int32,
            ConditionKind.Int64Label => NumberDataViewType.Int64,
            ConditionKind.UInt32Label => NumberDataViewType.UInt32,
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Condition, "Not a label-conditional model."),
        };
    }

    public string ColumnName { get; }

    public DataViewType Type { get; }

    public Func<long, int> ClassOfPosition { get; }

    private ConditionKind Kind { get; }

    public ValueGetter<TValue> Getter<TValue>(Func<long> position, DataViewSchema.Column column)
    {
        Delegate getter = Kind switch
        {
            ConditionKind.KeyLabel => (ValueGetter<uint>)((ref uint value) => value = (uint)ClassOfPosition(position()) + 1),
            ConditionKind.Int32Label => (ValueGetter<int>)((ref int value) => value = ClassOfPosition(position())),
            ConditionKind.Int64Label => (ValueGetter<long>)((ref long value) => value = ClassOfPosition(position())),
            _ => (ValueGetter<uint>)((ref uint value) => value = (uint)ClassOfPosition(position())),
        };
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type}; it cannot be read as {typeof(TValue).Name}.");
    }
}
