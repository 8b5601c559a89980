import { Field, inputClass } from '@/components/ui/field';

/**
 * A response's place in a ranking typed as a number (1 = best, equal numbers tie), posted as
 * `ranks.<responseId>` so the server's rank-field schema forms the tie groups.
 */
export function RankNumberField(props: {
  idPrefix: string;
  response: { id: string; name: string };
  defaultValue: number | undefined;
  errors: string[] | undefined;
}) {
  const { idPrefix, response, defaultValue, errors } = props;
  const id = `${idPrefix}-${response.id}`;
  return (
    <Field id={id} label={`Rank of response ${response.name}`} errors={errors}>
      <input
        id={id}
        name={`ranks.${response.id}`}
        type="number"
        min={1}
        step={1}
        inputMode="numeric"
        defaultValue={defaultValue ?? ''}
        aria-invalid={Boolean(errors)}
        aria-describedby={`${id}-error`}
        className={`${inputClass} w-24`}
      />
    </Field>
  );
}
