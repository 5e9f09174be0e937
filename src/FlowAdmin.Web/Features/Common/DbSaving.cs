using FlowAdmin.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.Common;

public static class DbSaving
{
    /// <summary>
    /// Saves; if the database refuses (a concurrent save took the name between validation and commit), validates
    /// again so the caller gets the same field error as usual instead of a database exception.
    /// </summary>
    public static async Task SaveValidatedAsync<TInput>(this AppDbContext db, IValidator<TInput> validator, TInput input, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            await validator.ValidateAndThrowAsync(input, ct);
            throw;
        }
    }
}
