using FluentValidation;

namespace FlowAdmin.Web.Components.Shared;

/// <summary>
/// Runs a FluentValidation validator for one field of a MudForm, so errors show on the field:
/// <c>&lt;MudForm Model="model" Validation="MudFluentValidation.For(validator)"&gt;</c> with <c>For="() => model.Name"</c> on each input.
/// </summary>
public static class MudFluentValidation
{
    public static Func<object, string, Task<IEnumerable<string>>> For<T>(IValidator<T> validator) => async (model, propertyName) =>
    {
        var context = ValidationContext<T>.CreateWithOptions((T)model, o => o.IncludeProperties(propertyName));
        var result = await validator.ValidateAsync(context);
        return result.IsValid ? [] : result.Errors.Select(e => e.ErrorMessage);
    };

    /// <summary>Errors from a service's ValidationException, by property name, for the fields' ErrorText.</summary>
    public static Dictionary<string, string> ByField(ValidationException exception) =>
        exception.Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.First().ErrorMessage);
}
