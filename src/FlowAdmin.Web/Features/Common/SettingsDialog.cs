using FlowAdmin.Web.Components.Shared;
using FluentValidation;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FlowAdmin.Web.Features.Common;

/// <summary>
/// The create/edit dialog of a settings screen: loads the record to edit, validates the form with the feature's
/// FluentValidation validator (errors on the fields), saves through the feature's service and closes with the row.
/// A service-side refusal (say, a name taken meanwhile) comes back as a ValidationException and shows on its field.
/// </summary>
public abstract class SettingsDialog<TInput> : ComponentBase where TInput : class, new()
{
    [CascadingParameter] protected IMudDialogInstance Dialog { get; set; } = null!;

    /// <summary>The record to edit; null for a new one.</summary>
    [Parameter] public int? Id { get; set; }

    [Inject] protected IValidator<TInput> Validator { get; set; } = null!;

    protected MudForm Form = null!;
    protected TInput Model = new();
    protected bool Saving;
    private Dictionary<string, string> _serverErrors = [];

    protected abstract Task<TInput?> LoadAsync(int id, CancellationToken ct);
    protected abstract Task<object> SaveAsync(int? id, TInput input, CancellationToken ct);

    /// <summary>Loads what the form's selects offer (departments, channels); runs before the record is loaded.</summary>
    protected virtual Task LoadOptionsAsync(CancellationToken ct) => Task.CompletedTask;

    protected override async Task OnInitializedAsync()
    {
        await LoadOptionsAsync(CancellationToken.None);
        if (Id is { } id) Model = await LoadAsync(id, CancellationToken.None) ?? new();
    }

    protected Func<object, string, Task<IEnumerable<string>>> Validation => MudFluentValidation.For(Validator);

    protected bool HasServerError(string field) => _serverErrors.ContainsKey(field);
    protected string? ServerError(string field) => _serverErrors.GetValueOrDefault(field);
    protected void ClearServerErrors() => _serverErrors = [];

    protected async Task SubmitAsync()
    {
        Saving = true;
        try
        {
            ClearServerErrors();
            await Form.ValidateAsync();
            if (!Form.IsValid) return;
            Dialog.Close(DialogResult.Ok(await SaveAsync(Id, Model, CancellationToken.None)));
        }
        catch (ValidationException ex)
        {
            _serverErrors = MudFluentValidation.ByField(ex);
        }
        finally
        {
            Saving = false;
        }
    }
}
