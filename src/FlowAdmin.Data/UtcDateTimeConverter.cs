using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FlowAdmin.Data;

/// <summary>Writes UTC and reads back with Kind=Utc, on every provider.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
