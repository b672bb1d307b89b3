{#- require_keyword_arguments: the check a macro with required arguments makes first (the KPI
    macros, join_fx_rate, rep_scorecard). `arguments` maps each argument
    that has no sensible default to the value the caller gave (none when omitted); the first
    one that is none stops compilation with an error naming it and the macro. The KPI macros
    are called with keyword arguments only, e.g. kpi_aggregate(records='closed_deals', ...). -#}
{% macro require_keyword_arguments(macro_name, arguments) -%}
    {%- for argument_name, argument_value in arguments.items() -%}
        {%- if argument_value is none -%}
            {{ exceptions.raise_compiler_error(
                macro_name ~ ": missing keyword argument `" ~ argument_name ~ "` (call "
                ~ macro_name ~ " with keyword arguments: " ~ (arguments.keys() | join('=..., ')) ~ "=...)"
            ) }}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}
