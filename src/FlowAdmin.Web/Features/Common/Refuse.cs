using FluentValidation;
using FluentValidation.Results;

namespace FlowAdmin.Web.Features.Common;

/// <summary>How services refuse an operation: a ValidationException on one field, shown on that field (or as a message).</summary>
public static class Refuse
{
    public static ValidationException On(string property, string message) => new([new ValidationFailure(property, message)]);

    /// <summary>A record the current tenant cannot see: either missing or another tenant's (the two are indistinguishable on purpose).</summary>
    public static KeyNotFoundException NotFound(string entity, int id) => new($"{entity} {id} was not found.");
}
