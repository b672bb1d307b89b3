"""A tiny hand-made dataset in the contract format whose facts are computed by hand in the
tests. Dirty on purpose: offsets, padded/mixed-case enumerations, superseded versions, a
conflict, deletes, orphans, bad values and a broken CSV line."""

from __future__ import annotations

from pathlib import Path

AS_OF = "2024-06-30"

TABLES: dict[str, str] = {
    "users": """user_id,full_name,email,role,team_id,manager_id,hired_at,terminated_at,updated_at
u1,Ann Rep,ann@x.com,rep,t1,m1,2024-01-01,,2024-01-01T00:00:00Z
u2,Bob Rep,bob@x.com,REP ,t2,m1,2024-01-01,2025-06-30,2024-01-01T00:00:00Z
m1,Meg Boss,meg@x.com,manager,t1,,2023-01-01,,2024-01-01T00:00:00Z
u3,Bad Dates,bad@x.com,rep,t1,m1,2025-01-01,2024-01-01,2024-01-01T00:00:00Z
""",
    "teams": """team_id,team_name,region,updated_at
t1,North,NA,2024-01-01T00:00:00Z
t2,Europe,EMEA,2024-01-01 00:00:00
""",
    "accounts": """account_id,account_name,industry,segment,country,region,owner_id,created_at,is_deleted,updated_at
a1,Acme,tech,smb,US,NA,u1,2024-01-05T00:00:00Z,false,2024-01-05T00:00:00Z
a2,Beta,tech,enterprise,DE,EMEA,u2,2024-01-05T00:00:00Z,false,2024-01-05T00:00:00Z
a2,Beta old,tech,smb,DE,EMEA,u2,2024-01-05T00:00:00Z,false,2024-01-01T00:00:00Z
a3,Gone,tech,smb,US,NA,u1,2024-01-05T00:00:00Z,TRUE,2024-01-05T00:00:00Z
""",
    "pipeline_stages": """pipeline,stage,stage_order,probability,is_closed,is_won
default,prospecting,1,0.1,false,false
default,demo,2,0.4,false,false
default,negotiation,3,0.8,false,false
default,closed_won,4,1,true,true
default,closed_lost,5,0,true,false
""",
    "leads": """lead_id,created_at,lead_source,campaign_id,owner_id,company_name,email,country,region,status,mql_at,sql_at,converted_at,converted_account_id,converted_deal_id,is_deleted,updated_at
l1,2024-02-01T10:00:00Z,organic,,u1,Acme,a@acme.com,US,NA,converted,2024-02-02T00:00:00Z,2024-02-03T00:00:00Z,2024-02-04T00:00:00Z,a1,d1,false,2024-02-04T00:00:00Z
l2,2024-02-10T10:00:00+02:00,tv_ad,,u1,X,x@x.com,US,NA,new,,,,,,false,2024-02-10T00:00:00Z
l3,yesterday,organic,,u2,Y,y@y.com,DE,EMEA,new,,,,,,false,2024-02-10T00:00:00Z
""",
    "deals": """deal_id,deal_name,account_id,owner_id,lead_id,pipeline,deal_type,stage,amount,currency,created_at,expected_close_date,closed_at,is_closed,is_won,lost_reason,competitor,is_deleted,updated_at
d1,Acme deal,a1,u1,l1,default,new_business,closed_won,1000,USD,2024-02-04T00:00:00Z,2024-03-01,2024-03-01T12:00:00Z,true,true,,,false,2024-03-01T12:00:00Z
d2,Beta deal,a2,u2,,default,new_business,closed_lost,2000,EUR,2024-02-05T00:00:00Z,,2024-03-10T00:00:00Z,true,false,price,CompA,false,2024-03-10T00:00:00Z
d3,Open deal,a3,zz,,default,upsell,demo,500,EUR,2024-03-05T00:00:00Z,2024-06-01,,false,false,,,false,2024-03-05T00:00:00Z
d4,Neg,a1,u1,,default,upsell,demo,-5,USD,2024-03-05T00:00:00Z,,,false,false,,,false,2024-03-05T00:00:00Z
d5,Conf,a1,u1,,default,upsell,demo,5,USD,2024-03-05T00:00:00Z,,,false,false,,,false,2024-03-05T00:00:00Z
d5,Conf2,a1,u1,,default,upsell,demo,6,USD,2024-03-05T00:00:00Z,,,false,false,,,false,2024-03-05T00:00:00Z
d6,Early euro,a2,u2,,default,renewal,closed_won,100,EUR,2024-01-02T00:00:00Z,,2024-01-15T00:00:00Z,true,true,,,false,2024-01-15T00:00:00Z
d7,Late close,a1,u1,,default,upsell,closed_won,300,USD,2024-05-01T00:00:00Z,,2024-07-02T00:00:00Z,true,true,,,false,2024-07-02T00:00:00Z
""",
    "deal_stage_history": """deal_id,stage,entered_at,changed_by
d1,prospecting,2024-02-04T00:00:00Z,u1
d1,negotiation,2024-02-10T00:00:00Z,u1
d1,closed_won,2024-03-01T12:00:00Z,u1
d2,prospecting,2024-02-05T00:00:00Z,u2
d2,demo,2024-02-15T00:00:00Z,u2
d2,prospecting,2024-02-20T00:00:00Z,u2
d2,closed_lost,2024-03-10T00:00:00Z,u2
""",
    "activities": """activity_id,activity_type,direction,owner_id,lead_id,contact_id,account_id,deal_id,created_at,occurred_at,status,duration_minutes,reply_sentiment,is_deleted,updated_at
ac1,call,outbound,u1,l1,,a1,,2024-02-01T12:00:00Z,2024-02-01T12:00:00Z,completed,10,,false,2024-02-01T12:00:00Z
ac2,Email, inbound ,u1,l1,,a1,,2024-02-02T12:00:00Z,2024-02-02T12:00:00Z,Completed,,positive,false,2024-02-02T12:00:00Z
ac3,demo,outbound,u2,,,a2,d2,2024-02-10T12:00:00Z,2024-02-15T12:00:00Z,completed,60,,false,2024-02-10T12:00:00Z
5,"broken
""",
    "fx_rates": """rate_date,currency,rate_to_reporting
2024-02-01,EUR,1.1
2024-03-01,EUR,1.2
""",
    "subscription_periods": """subscription_id,account_id,product_id,pricing_plan,period_start,period_end,mrr_amount,currency,billing_interval,updated_at
s1,a1,,pro,2024-03-01,2024-05-01,100,USD,month,2024-03-01T00:00:00Z
s1,a1,,pro,2024-05-01,,150,USD,month,2024-05-01T00:00:00Z
s2,a2,,starter,2024-03-15,2024-04-10,50,EUR,month,2024-03-01T00:00:00Z
s2,a2,,starter,2024-06-01,,50,EUR,month,2024-06-01T00:00:00Z
""",
}


def write_fixture(folder: Path, drop: tuple[str, ...] = (), replace: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tables = dict(TABLES)
    tables.update(replace or {})
    for name, text in tables.items():
        if name in drop:
            continue
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder
