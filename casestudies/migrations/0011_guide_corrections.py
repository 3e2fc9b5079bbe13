"""Issue 13's corrections, for databases that earlier fixtures filled.

``load_guide`` only adds missing rows, so a corrected fact in a row it loaded before would never
reach an existing database. Each correction below names one field of one row with the value the
earlier fixtures gave it and the corrected value, and changes it only where the field still holds
the old value: a curator's edit of that field is kept, and other fields are not touched. A set
(countries, groupings, sub-modalities) is replaced only where it is still exactly the old set.
On a new database there is nothing to correct; ``load_guide`` then loads the corrected fixtures.
Reversible: backwards, the same corrections run from new to old.
"""

from django.db import migrations

# (model, natural key, field, value in the earlier fixtures, corrected value). A foreign key's
# value is the natural key of the row it points to (a modality's slug, a country's code).
CORRECTIONS = [
    ("casestudies.organisation", "universiti-kebangsaan-malaysia", "url", "https://www.ukm.my", ""),
    ("casestudies.organisation", "coady-institute", "url", "https://coady.stfx.ca", ""),
    ("casestudies.organisation", "misereor", "url", "https://www.misereor.org", ""),
    ("casestudies.organisation", "koica", "url", "https://www.koica.go.kr", ""),
    ("casestudies.organisation", "asian-development-bank", "url", "https://www.adb.org", ""),
    ("casestudies.organisation", "bmz", "url", "https://www.bmz.de", ""),
    (
        "casestudies.organisation",
        "gtz",
        "description",
        "Germany's former agency for technical cooperation, merged into GIZ in 2011. The guide names it, with BMZ, "
        "among the partners of the Lao village banks and of self-help group-bank linkage in Indonesia and India.",
        "A German partner named by the guide, with BMZ, among the partners of the Lao village banks and of self-help "
        "group-bank linkage in Indonesia and India.",
    ),
    ("casestudies.organisation", "stone-family-foundation", "country", "GB", None),
    (
        "casestudies.organisation",
        "stone-family-foundation",
        "description",
        "A UK-based grant-making family foundation. With the ILO, it gave technical assistance and seed capital to Lao "
        "village banks.",
        "A foundation that, with the ILO, gave technical assistance to 139 Lao village banks and seed capital to 80 of "
        "them. The guide does not say where it is based.",
    ),
    ("casestudies.organisation", "world-rehabilitation-fund", "country", "US", None),
    (
        "casestudies.organisation",
        "world-rehabilitation-fund",
        "description",
        "A US-based non-governmental organisation, listed by the guide among the partners of the Artisans Association "
        "of Cambodia without describing its part.",
        "The guide lists it among the partners of the Artisans Association of Cambodia, without a word on its part or "
        "on where it is based.",
    ),
    ("casestudies.organisation", "bank-rakyat-indonesia", "url", "https://bri.co.id", ""),
    ("casestudies.organisation", "bank-indonesia", "url", "https://www.bi.go.id", ""),
    ("casestudies.organisation", "nabard", "url", "https://www.nabard.org", ""),
    (
        "casestudies.casestudy",
        "malaysia-credit-union-promotion-centre",
        "body",
        "Credit unions were set up in Malaysia in the early 1970s. The **Credit Union Promotion Centre** (CUPC; the "
        "guide also calls it the Credit Union Promotion Club) came out of the merger of three large credit union "
        "networks:\n"
        "\n"
        "- in Kuala Lumpur, the Workers Credit Coops;\n"
        "- in Selangor, the People's Credit Coops;\n"
        "- in Perak, the Indigenous Peoples Credit Unions.\n"
        "\n"
        "The founders of CUPC saw credit unions as serving two purposes at once: meeting the material needs of poor "
        "people, and helping poor households overcome a fatalistic attitude. The credit unions work in small groups, "
        "and each group mobilises savings, gives credit and provides insurance.\n"
        "\n"
        "CUPC supports the members of its credit unions with:\n"
        "\n"
        "- bulk buying;\n"
        "- access to low-cost housing;\n"
        "- access to technical assistance from external aid agencies;\n"
        "- training, research and documentation;\n"
        "- exchanges between groups.\n"
        "\n"
        "## Who supported CUPC\n"
        "\n"
        "CUPC has received research and training support from:\n"
        "\n"
        "- the Southeast Asia Rural Social Leadership Institute (SEARSOLIN) in the Philippines;\n"
        "- the Indian Social Institute;\n"
        '- the Coady Institute in Canada (misspelt "Toady Institute" in the guide);\n'
        "- the Catholic Church in Malaysia;\n"
        '- Misereor, the development organisation of the German Catholic bishops (written "Miserior" in the guide, '
        "which names the German Bishops Conference).\n"
        "\n"
        "The guide's list of partners for this case names CUPC, SEARSOLIN and the Indian Social Institute: two Southern "
        "institutes sharing their know-how with a Malaysian movement. Because partners from Canada and Germany also "
        "backed the research and training, the case is recorded here as triangular cooperation.",
        "Credit unions were set up in Malaysia in the early 1970s. The **Credit Union Promotion Centre** (CUPC; the "
        "guide also calls it the Credit Union Promotion Club) came out of the merger of three large credit union "
        "networks:\n"
        "\n"
        "- in Kuala Lumpur, the Workers Credit Coops;\n"
        "- in Selangor, the People's Credit Coops;\n"
        "- in Perak, the Indigenous Peoples Credit Unions.\n"
        "\n"
        "The founders of CUPC saw credit unions as serving two purposes at once: meeting the material needs of poor "
        "people, and helping poor households overcome a fatalistic attitude. The credit unions work in small groups, "
        "and each group mobilises savings, gives credit and provides insurance.\n"
        "\n"
        "For the members of its credit unions, CUPC:\n"
        "\n"
        "- arranges purchases in bulk and a way to low-cost homes;\n"
        "- puts them in touch with outside aid agencies that offer technical help;\n"
        "- runs training and exchanges from one group to another, and does research and documents its work.\n"
        "\n"
        "## Who supported CUPC\n"
        "\n"
        "CUPC has received research and training support from:\n"
        "\n"
        "- the Southeast Asia Rural Social Leadership Institute (SEARSOLIN) in the Philippines;\n"
        "- the Indian Social Institute;\n"
        '- the Coady Institute in Canada (misspelt "Toady Institute" in the guide);\n'
        "- the Catholic Church in Malaysia;\n"
        '- Misereor, the development organisation of the German Catholic bishops (written "Miserior" in the guide, '
        "which names the German Bishops Conference).\n"
        "\n"
        "The guide's list of partners for this case names CUPC, SEARSOLIN and the Indian Social Institute: two Southern "
        "institutes sharing their know-how with a Malaysian movement, which makes it South-South cooperation. The "
        "Canadian and German partners gave research and training support to CUPC itself; the guide does not say that "
        "they supported the cooperation among the Southern partners with resources or facilitation, so the case is not "
        "recorded as triangular.",
    ),
    ("casestudies.casestudy", "malaysia-credit-union-promotion-centre", "modality", "triangular", "south-south"),
    (
        "casestudies.participation",
        ("malaysia-credit-union-promotion-centre", 5),
        "note",
        "Support for CUPC's research and training",
        "Research and training support to CUPC",
    ),
    ("casestudies.participation", ("malaysia-credit-union-promotion-centre", 5), "role", "resource", "knowledge"),
    (
        "casestudies.participation",
        ("malaysia-credit-union-promotion-centre", 6),
        "note",
        "Support for CUPC's research and training",
        "Research and training support to CUPC",
    ),
    ("casestudies.participation", ("malaysia-credit-union-promotion-centre", 6), "role", "resource", "knowledge"),
    (
        "casestudies.casestudy",
        "kenya-roscas",
        "body",
        "This case reviews two rotating savings and credit associations (ROSCAs) in Kenya. In a ROSCA, members pay "
        "regularly into a common fund, which goes to the members in turn.\n"
        "\n"
        "## The two groups\n"
        "\n"
        "- **Bahari Widows**, in the Rift Valley Province, has 15 members, all of them women. It collects savings from "
        "its members, who are widows, to finance their farming and to run a nursery school.\n"
        "- **Vakhana Vatecho**, in Nairobi, has 18 members, all related to one another by blood. Its purposes are to "
        "keep family members in regular contact and to pay school fees and settle debts.\n"
        "\n"
        "The two groups show how the same simple savings tool serves very different needs: a livelihood and a school "
        "for women who have lost their husbands, and social ties and household expenses for an extended family.\n"
        "\n"
        "## Peer learning across Africa\n"
        "\n"
        "ROSCAs are popular in Kenya and throughout Africa. Among the organisations that promote their development on "
        "the continent is the African Rural and Agricultural Credit Association (AFRACA). It spreads information, "
        "organises experience sharing and supports peer-to-peer learning among its members in Africa, so that what "
        "works in one country can be taken up in another.\n"
        "\n"
        "## Partners\n"
        "\n"
        "The guide names the ROSCAs in Kenya and AFRACA as the partners of this case.",
        "This case reviews two rotating savings and credit associations (ROSCAs) in Kenya.\n"
        "\n"
        "## The two groups\n"
        "\n"
        "- **Bahari Widows**, in the Rift Valley Province, has 15 members, all of them women. It collects savings from "
        "its members, who are widows, to finance their farming and to run a nursery school.\n"
        "- **Vakhana Vatecho**, in Nairobi, has 18 members, all related to one another by blood. Its purposes are to "
        "keep family members in regular contact and to pay school fees and settle debts.\n"
        "\n"
        "## Peer learning across Africa\n"
        "\n"
        "ROSCAs are popular in Kenya and throughout Africa. Among the organisations that promote their development on "
        "the continent is the African Rural and Agricultural Credit Association (AFRACA). It spreads information, "
        "organises experience sharing and supports peer-to-peer learning among its members in Africa.\n"
        "\n"
        "## Partners\n"
        "\n"
        "The guide names the ROSCAs in Kenya and AFRACA as the partners of this case.",
    ),
    (
        "casestudies.casestudy",
        "laos-village-bank",
        "body",
        "The **Village Bank** was started in 1997 under the Small Rural Development Project by the Lao Women's Union. "
        "Two Thai NGOs helped: the Foundation for Integrated Agricultural Management (FIAM) and the Community "
        "Organization Development Institute (CODI). At first it was these Thai NGOs that trained the women who operate "
        "the banks.\n"
        "\n"
        "## Building on the Thai start\n"
        "\n"
        "Further support came from Laos itself, funded from the Republic of Korea:\n"
        "\n"
        "- Homenet Laos and ECCDA (the Environment Conservations and Community Development Association, a local NGO) "
        "provided more training in business and financial management and in leadership, organised study visits, and "
        "gave technical assistance in production and marketing;\n"
        "- this work was funded by the Citizens for Decent Housing and the Korea International Cooperation Agency "
        '(KOICA; "Korean International Cooperation Agency" in the guide).\n'
        "\n"
        "## Other international partners\n"
        "\n"
        "Village banks also received support from the Asian Development Bank, Germany's BMZ and GTZ, the Savings Bank "
        "Foundation for International Cooperation (Germany) and the International Labour Organization (ILO). The ILO "
        "and the Stone Family Foundation supported 139 village banks in 4 provinces with technical assistance; they "
        "also gave 80 village banks seed capital.\n"
        "\n"
        "## Why it is triangular\n"
        "\n"
        "The know-how came from Thailand to a Lao partner (South-South), while KOICA of the Republic of Korea funded "
        "the later training and German and other international partners added their support.\n"
        "\n"
        "## Partners\n"
        "\n"
        "The guide lists the Lao Women's Union, FIAM (Thailand), CODI (Thailand), ECCDA (Laos), Homenet Laos and KOICA "
        "(Republic of Korea).",
        "The **Village Bank** was started in 1997 under the Small Rural Development Project by the Lao Women's Union. "
        "Two Thai NGOs helped: the Foundation for Integrated Agricultural Management (FIAM) and the Community "
        "Organization Development Institute (CODI). At first it was these Thai NGOs that trained the women who operate "
        "the banks.\n"
        "\n"
        "## Building on the Thai start\n"
        "\n"
        "Further support came from Laos itself, funded from the Republic of Korea:\n"
        "\n"
        "- Homenet Laos and ECCDA (the Environment Conservations and Community Development Association, a local NGO) "
        "provided more training in business and financial management and in leadership, organised study visits, and "
        "gave technical assistance in production and marketing;\n"
        "- this work was funded by the Citizens for Decent Housing and the Korea International Cooperation Agency "
        '(KOICA; "Korean International Cooperation Agency" in the guide).\n'
        "\n"
        "## Other international partners\n"
        "\n"
        "Village banks also received support from the Asian Development Bank, Germany's BMZ and GTZ, the Savings Bank "
        "Foundation for International Cooperation (Germany) and the International Labour Organization (ILO). The ILO "
        "and the Stone Family Foundation supported 139 village banks in 4 provinces with technical assistance; they "
        "also gave 80 village banks seed capital.\n"
        "\n"
        "## Why it is triangular\n"
        "\n"
        "The know-how came from Thailand to a Lao partner (South-South), and KOICA, the development cooperation agency "
        "of the Republic of Korea, a partner from the North, funded the later training.\n"
        "\n"
        "## Partners\n"
        "\n"
        "The guide lists the Lao Women's Union, FIAM (Thailand), CODI (Thailand), ECCDA (Laos), Homenet Laos and KOICA "
        "(Republic of Korea).",
    ),
    (
        "casestudies.casestudy",
        "laos-village-bank",
        "summary",
        "The Lao Women's Union set up village banks in 1997 with two Thai NGOs, which trained the first women bank "
        "operators. Lao NGOs later extended the training with funding from the Republic of Korea, while the ILO, the "
        "Stone Family Foundation and other international partners gave technical assistance and seed capital.",
        "The Lao Women's Union set up village banks in 1997 with two Thai NGOs, which trained the first women bank "
        "operators. Lao NGOs later extended the training with funding from the Republic of Korea, and the ILO and the "
        "Stone Family Foundation gave 139 village banks technical assistance and 80 of them seed capital.",
    ),
    (
        "casestudies.casestudy",
        "indonesia-shg-bank-linkage",
        "body",
        "This case covers the **Margi Rejeki self-help group** (2007) and the **self-help group-bank linkage "
        "programme** (2010) in Indonesia, both linked to Bina Swadaya.\n"
        "\n"
        "## Bina Swadaya\n"
        "\n"
        "Bina Swadaya began in 1954 as a farmers' association that organised KSM (Kelompok Swadaya Masyarakat, "
        "community self-help groups). In 1967 the farmers' association became Bina Swadaya, with 3,000 KSM, comprising "
        "100,000 families, as its social base.\n"
        "\n"
        "Public bodies have relied on Bina Swadaya's experience:\n"
        "\n"
        "- Bank Indonesia engaged it to implement the self-help group-bank linkage programme across the country;\n"
        "- the Ministry of Agriculture engaged it to help organise 60,000 KSM with 1.2 million households;\n"
        "- the National Family Planning Board engaged it to help organise 650,000 KSM with 13.5 million households.\n"
        "\n"
        "## How a KSM works\n"
        "\n"
        "A KSM has 20-30 individual members, each from a marginalised small farm household. The members meet every "
        "week, and this regular dialogue drives the group's development: through their interaction the members "
        "accumulate social capital, and they come to trust one another as they pool small savings into a revolving loan "
        "fund of their own.\n"
        "\n"
        "## Partners\n"
        "\n"
        "The guide lists Bina Swadaya (Indonesia), APRACA (Thailand), Bank Rakyat Indonesia, Bank Indonesia, and BMZ "
        "and GTZ (Germany) as the partners of this case, without describing the parts of APRACA, Bank Rakyat Indonesia, "
        "BMZ and GTZ.\n"
        "\n"
        "## Why it is triangular\n"
        "\n"
        "Indonesian and Thai-based Southern partners work together here alongside two German development cooperation "
        "partners, BMZ and GTZ, which are recorded as resource partners.",
        "This case covers the **Margi Rejeki self-help group** (2007) and the **self-help group-bank linkage "
        "programme** (2010) in Indonesia, both linked to Bina Swadaya.\n"
        "\n"
        "## Bina Swadaya\n"
        "\n"
        "Bina Swadaya began in 1954 as a farmers' association that organised KSM (Kelompok Swadaya Masyarakat, "
        "community self-help groups). In 1967 the farmers' association became Bina Swadaya, with 3,000 KSM, comprising "
        "100,000 families, as its social base.\n"
        "\n"
        "Public bodies have relied on Bina Swadaya's experience:\n"
        "\n"
        "- Bank Indonesia engaged it to implement the self-help group-bank linkage programme across the country;\n"
        "- the Ministry of Agriculture engaged it to help organise 60,000 KSM with 1.2 million households;\n"
        "- the National Family Planning Board engaged it to help organise 650,000 KSM with 13.5 million households.\n"
        "\n"
        "## How a KSM works\n"
        "\n"
        "A KSM has 20-30 individual members, each from a marginalised small farm household. The members meet every "
        "week, and this regular dialogue drives the group's development: through their interaction the members "
        "accumulate social capital, and they come to trust one another as they pool small savings into a revolving loan "
        "fund of their own.\n"
        "\n"
        "## Partners\n"
        "\n"
        "The guide lists Bina Swadaya (Indonesia), APRACA (Thailand), Bank Rakyat Indonesia, Bank Indonesia, and BMZ "
        "and GTZ (Germany) as the partners of this case, without describing the parts of APRACA, Bank Rakyat Indonesia, "
        "BMZ and GTZ.\n"
        "\n"
        "## Modality\n"
        "\n"
        "The guide lists BMZ and GTZ of Germany among the partners but does not say what they did. Since it states no "
        "support from them, their roles are left empty and the case is recorded as South-South.",
    ),
    ("casestudies.casestudy", "indonesia-shg-bank-linkage", "modality", "triangular", "south-south"),
    (
        "casestudies.casestudy",
        "indonesia-shg-bank-linkage",
        "summary",
        "Bina Swadaya, an Indonesian organisation rooted in a farmers' association, organises small self-help groups "
        "(KSM) whose members build trust through weekly meetings and pool their savings into a revolving loan fund. "
        "Bank Indonesia engaged it to run the self-help group-bank linkage programme nationwide, in partnership with "
        "APRACA in Thailand and Germany's BMZ and GTZ.",
        "Bina Swadaya, an Indonesian organisation rooted in a farmers' association, organises small self-help groups "
        "(KSM) whose members build trust through weekly meetings and pool their savings into a revolving loan fund. "
        "Bank Indonesia engaged it to run the self-help group-bank linkage programme nationwide, and the guide also "
        "lists APRACA (Thailand) and Germany's BMZ and GTZ among the partners.",
    ),
    (
        "casestudies.participation",
        ("indonesia-shg-bank-linkage", 6),
        "note",
        "German development cooperation partner; the guide does not detail its support",
        "Listed as a partner (Germany); the guide does not describe its part",
    ),
    ("casestudies.participation", ("indonesia-shg-bank-linkage", 6), "role", "resource", ""),
    (
        "casestudies.participation",
        ("indonesia-shg-bank-linkage", 7),
        "note",
        "German development cooperation partner; the guide does not detail its support",
        "Listed as a partner (Germany); the guide does not describe its part",
    ),
    ("casestudies.participation", ("indonesia-shg-bank-linkage", 7), "role", "resource", ""),
    (
        "casestudies.casestudy",
        "india-shg-bank-linkage",
        "body",
        '**Vasundhara Cooperative** contributes to the growth of a solidarity economy in a "Gandhian way": one that '
        "values participatory democracy and prefers production by the masses to mass production by companies seeking "
        "profit.\n"
        "\n"
        "## Results\n"
        "\n"
        "Vasundhara, whose members numbered 2,290, served 172 tribal villages and helped them turn wastelands into "
        "productive land. In doing so it rehabilitated the economies of 13,663 tribal families. Its solidarity-based "
        "programme benefited both its own members and marginalised groups.\n"
        "\n"
        "## Who supported Vasundhara\n"
        "\n"
        "- The BAIF Development Research Foundation facilitated the formation of Vasundhara.\n"
        "- The Dharampur Utthan Vahini (DHRUVA), an NGO linked to BAIF, gave Vasundhara technical and management "
        "support.\n"
        "- NABARD (the National Bank for Agriculture and Rural Development) supported Vasundhara too, and gave DHRUVA "
        "technical and funding support in turn.\n"
        "\n"
        "## Partners\n"
        "\n"
        "The guide lists Vasundhara Cooperative (India), DHRUVA, NABARD (India), APRACA (Thailand), and BMZ and GTZ "
        "(Germany) as the partners of this case, without describing the parts of APRACA, BMZ and GTZ.\n"
        "\n"
        "## Why it is triangular\n"
        "\n"
        "Indian partners and the Thailand-based regional association APRACA work here alongside two German development "
        "cooperation partners, BMZ and GTZ, which are recorded as resource partners.",
        '**Vasundhara Cooperative** contributes to the growth of a solidarity economy in a "Gandhian way": one that '
        "values participatory democracy and prefers production by the masses to mass production by companies seeking "
        "profit.\n"
        "\n"
        "## Results\n"
        "\n"
        "Vasundhara, whose members numbered 2,290, served 172 tribal villages and helped them turn wastelands into "
        "productive land. In doing so it rehabilitated the economies of 13,663 tribal families. Its solidarity-based "
        "programme benefited both its own members and marginalised groups.\n"
        "\n"
        "## Who supported Vasundhara\n"
        "\n"
        "- The BAIF Development Research Foundation facilitated the formation of Vasundhara.\n"
        "- The Dharampur Utthan Vahini (DHRUVA), an NGO linked to BAIF, gave Vasundhara technical and management "
        "support.\n"
        "- NABARD (the National Bank for Agriculture and Rural Development) supported Vasundhara too, and gave DHRUVA "
        "technical and funding support in turn.\n"
        "\n"
        "## Partners\n"
        "\n"
        "The guide lists Vasundhara Cooperative (India), DHRUVA, NABARD (India), APRACA (Thailand), and BMZ and GTZ "
        "(Germany) as the partners of this case, without describing the parts of APRACA, BMZ and GTZ.\n"
        "\n"
        "## Modality\n"
        "\n"
        "The guide lists BMZ and GTZ of Germany among the partners but does not say what they did. Since it states no "
        "support from them, their roles are left empty and the case is recorded as South-South.",
    ),
    ("casestudies.casestudy", "india-shg-bank-linkage", "modality", "triangular", "south-south"),
    (
        "casestudies.casestudy",
        "india-shg-bank-linkage",
        "summary",
        "Vasundhara Cooperative in India helped 172 tribal villages turn wastelands into productive land, with support "
        "from BAIF, DHRUVA and NABARD. It is part of the self-help group-bank linkage work that APRACA in Thailand and "
        "Germany's BMZ and GTZ partnered in.",
        "Vasundhara Cooperative in India helped 172 tribal villages turn wastelands into productive land, with support "
        "from BAIF, DHRUVA and NABARD. The guide lists it under self-help group-bank linkage, with APRACA (Thailand) "
        "and Germany's BMZ and GTZ among the partners.",
    ),
    (
        "casestudies.participation",
        ("india-shg-bank-linkage", 7),
        "note",
        "German development cooperation partner; the guide does not detail its support",
        "Listed as a partner (Germany); the guide does not describe its part",
    ),
    ("casestudies.participation", ("india-shg-bank-linkage", 7), "role", "resource", ""),
    (
        "casestudies.participation",
        ("india-shg-bank-linkage", 8),
        "note",
        "German development cooperation partner; the guide does not detail its support",
        "Listed as a partner (Germany); the guide does not describe its part",
    ),
    ("casestudies.participation", ("india-shg-bank-linkage", 8), "role", "resource", ""),
    (
        "casestudies.casestudy",
        "malaysia-mnce",
        "body",
        "The **Malaysian Network for Community Economy** (MNCE), led by a Malaysian Indian, has been sharing its "
        "experience of the social and solidarity economy (SSE) with partners across Asia since 2011.\n"
        "\n"
        "## Learning journeys in South Asia\n"
        "\n"
        "MNCE has given technical assistance to Common Wealth for People Centred Development (COMMACT) in organising "
        "learning journeys on the social and solidarity economy in India, Nepal and Sri Lanka. These journeys let "
        "practitioners see SSE initiatives in other countries of the South at first hand.\n"
        "\n"
        "## Side events at ASEAN summits\n"
        "\n"
        "The Asian Strategy and Leadership Institute organises the ASEAN Leadership Summit every year. MNCE has used "
        "the summit to organise side events on the social and solidarity economy, bringing the subject before a "
        "regional audience.\n"
        "\n"
        "## A regional liaison role\n"
        "\n"
        "In recognition of these initiatives, the Asian Solidarity Economy Council / RIPESS Asia gave MNCE the task of "
        "liaising with these two regional bodies, COMMACT and the Asian Strategy and Leadership Institute.\n"
        "\n"
        "## What it shows\n"
        "\n"
        "The case shows how a national network from a country of the South can become a bridge for peer learning in its "
        "region: it offers technical assistance to a partner network, uses an existing regional forum to raise "
        "awareness of the social and solidarity economy, and is trusted by a regional SSE council to keep the links "
        "between these bodies alive.",
        "The **Malaysian Network for Community Economy** (MNCE), led by a Malaysian Indian, has been sharing its "
        "experience of the social and solidarity economy (SSE) with partners across Asia since 2011.\n"
        "\n"
        "## Learning journeys in South Asia\n"
        "\n"
        "MNCE has given technical assistance to Common Wealth for People Centred Development (COMMACT) in organising "
        "learning journeys on the social and solidarity economy in India, Nepal and Sri Lanka.\n"
        "\n"
        "## Side events at ASEAN summits\n"
        "\n"
        "The Asian Strategy and Leadership Institute organises the ASEAN Leadership Summit every year. MNCE has "
        "organised side events on the social and solidarity economy at the summit.\n"
        "\n"
        "## A regional liaison role\n"
        "\n"
        "In recognition of these initiatives, the Asian Solidarity Economy Council / RIPESS Asia made MNCE responsible "
        'for liaising with "these two regional bodies"; the guide does not say which two it means.',
    ),
    (
        "casestudies.casestudy",
        "malaysia-mnce",
        "summary",
        "Since 2011 the Malaysian Network for Community Economy has given technical assistance to COMMACT for learning "
        "journeys on social and solidarity economy in India, Nepal and Sri Lanka, and has held side events at the "
        "annual ASEAN Leadership Summit. The Asian Solidarity Economy Council / RIPESS Asia has therefore made it the "
        "link with these regional bodies.",
        "Since 2011 the Malaysian Network for Community Economy has given technical assistance to COMMACT for learning "
        "journeys on social and solidarity economy in India, Nepal and Sri Lanka, and has held side events at the "
        "annual ASEAN Leadership Summit. For these initiatives the Asian Solidarity Economy Council / RIPESS Asia "
        "entrusted it with a liaison role.",
    ),
    (
        "casestudies.participation",
        ("malaysia-mnce", 5),
        "note",
        "As RIPESS Asia, gave MNCE the task of liaising with COMMACT and ASLI",
        "As RIPESS Asia, gave MNCE the responsibility of liaising with two regional bodies the guide does not name",
    ),
    (
        "guide.modality",
        "triangular",
        "description",
        "Following BAPA+40 (2019), the guide describes triangular cooperation as South-South cooperation that a\n"
        "partner from the North supports.\n"
        "\n"
        "- A typical arrangement: a Northern partner contributes funding while a Southern partner brings technical\n"
        "  expertise, both in support of another developing country.\n"
        "- The parties pool their resources and expertise but keep to the horizontal relationship that governs\n"
        "  South-South cooperation.\n"
        "- The developing countries involved drive the cooperation, in line with their national priorities.\n"
        "- In project design (section 6), partners from the North and from the South must be included on an equal "
        "footing.",
        "Following BAPA+40 (2019), the guide describes triangular cooperation as South-South cooperation that a\n"
        "partner from the North supports.\n"
        "\n"
        "- A typical arrangement: a Northern partner contributes funding while a Southern partner brings technical\n"
        "  expertise, both in support of another developing country.\n"
        "- The parties pool their resources and expertise but keep to the horizontal relationship that governs\n"
        "  South-South cooperation.\n"
        "- The developing countries involved drive the cooperation, in line with their national priorities.\n"
        "- In project design (section 6), partners from the North and from the South must be included on an equal "
        "footing.\n"
        "\n"
        '**The rule this site applies.** The guide\'s definition asks for a partner "from the North" behind the '
        "South-South cooperation, and all its definitions follow BAPA+40 (sections 2 and 4). A case study is therefore "
        "triangular when, beside its Southern partners, an organisation based in a country outside the Global South "
        "supports the cooperation as a resource or facilitating partner, in a role the guide states. An international "
        "or regional organisation (the ILO, a UN agency or fund, a regional economic community) belongs to neither "
        "North nor South: its facilitation or funding alone does not make cooperation triangular. Where the guide names "
        "a Northern partner without saying what it did, the role stays empty and the case study is South-South, and its "
        "page says so.",
    ),
    (
        "guide.actortype",
        "governments",
        "description",
        "Under the ILO's tripartite structure, governments take part formally in implementing SSTC, together with\n"
        "workers' and employers' organisations.\n"
        "\n"
        "- The guide asks that governments, employers' and workers' organisations be involved from the very first\n"
        "  stage of an activity; their commitment is key to lasting results.\n"
        "- In the step-by-step process, stakeholder consultation must include governments (section 5).\n"
        "- Governments, employers and workers of ILO member States together form the largest network of expertise on\n"
        "  the world of work (Financing Decent Work, section 1).",
        "Under the ILO's tripartite structure, governments take part formally in implementing SSTC, together with\n"
        "workers' and employers' organisations.\n"
        "\n"
        "- The guide asks that governments, employers' and workers' organisations be involved from the very first\n"
        "  stage of an activity; their commitment is key to lasting results.\n"
        "- In the step-by-step process, stakeholder consultation must include governments (section 5).\n"
        "- No network knows more about the world of work, the guide says, than the governments, employers and workers\n"
        "  of the ILO's member States taken together (Financing Decent Work, section 1).",
    ),
    (
        "guide.actortype",
        "sse-enterprises",
        "summary",
        "Cooperatives, associations, mutuals, social enterprises, self-help groups, credit unions and other "
        "solidarity-based enterprises.",
        "Cooperatives, associations, social enterprises, self-help groups, credit unions and other solidarity-based "
        "enterprises.",
    ),
    (
        "guide.financemechanism",
        "conditional-cash-transfers",
        "description",
        "Social programmes that pay households cash on condition that they meet agreed commitments.\n"
        "\n"
        "The guide does not use the term itself; its example is Brazil's Bolsa Verde programme (launched in October\n"
        "2011), under which poor families receive R$ 300 every three months in exchange for committing to\n"
        "environmental conservation and the sustainable use of natural resources. A project with the ILO supported\n"
        "scaling it up and sharing the experience with other countries of Latin America and the Caribbean and beyond.",
        "Grants paid to families on condition that they keep commitments they have taken on. The name is ours: the "
        "guide describes the mechanism through its example rather than naming it.\n"
        "\n"
        "Its example is Brazil's Bolsa Verde (green grant) programme, launched in October 2011, under which poor "
        "families receive R$ 300 every three months in exchange for committing to environmental conservation and the "
        "sustainable use of natural resources. A project with the ILO supported scaling it up and sharing the "
        "experience with other countries of Latin America and the Caribbean and beyond.",
    ),
    (
        "guide.financemechanism",
        "conditional-cash-transfers",
        "name",
        "Conditional cash transfers",
        "Grants in exchange for commitments",
    ),
    (
        "guide.financemechanism",
        "conditional-cash-transfers",
        "summary",
        "Regular cash payments to poor households in exchange for commitments the households take on.",
        "Regular grants to poor families, paid in exchange for commitments the families take on.",
    ),
    (
        "guide.framework",
        "2030-agenda",
        "summary",
        "The UN agenda of 2015 with the Sustainable Development Goals, in which SSTC is a key modality of international "
        "development cooperation.",
        "The UN agenda with the Sustainable Development Goals, in which SSTC is a key modality of international "
        "development cooperation.",
    ),
    ("guide.framework", "2030-agenda", "year", 2015, None),
    ("guide.framework", "nairobi-outcome-document", "year", 2009, None),
    ("casestudies.organisation", "uclg", "url", "https://www.uclg.org/", ""),
    ("casestudies.organisation", "cities-alliance", "url", "https://www.citiesalliance.org/", ""),
    (
        "casestudies.organisation",
        "mano-river-union",
        "description",
        "The intergovernmental union of Côte d'Ivoire, Guinea, Liberia and Sierra Leone, acting through its secretariat "
        "(the guide also uses the French acronym UTM). In 2019 it received advice on a cross-border trade tool for "
        "women traders.",
        "The Union that, in 2019, received advice on a cross-border trade tool for women traders and adapted the East "
        "African Community's simplified guide, with a pilot in Sierra Leone.",
    ),
    ("casestudies.organisation", "eac", "url", "https://www.eac.int/", ""),
    ("casestudies.organisation", "undp", "url", "https://www.undp.org/", ""),
    ("casestudies.organisation", "who", "url", "https://www.who.int/", ""),
    ("casestudies.organisation", "fao", "url", "https://www.fao.org/", ""),
    ("casestudies.organisation", "wfp", "url", "https://www.wfp.org/", ""),
    (
        "casestudies.organisation",
        "american-cancer-society",
        "description",
        "A United States non-profit organisation working against cancer. With UNDP it completed the 2019 feasibility "
        "study for a tobacco control social impact bond in Zambia.",
        "An organisation that completed the 2019 feasibility study for a tobacco control social impact bond in Zambia "
        "with UNDP. The guide does not say where it is based.",
    ),
    (
        "casestudies.organisation",
        "american-cancer-society",
        "outside_source",
        "",
        'where it is based (the United States, with its home office in Atlanta): "American Cancer Society", New Georgia '
        "Encyclopedia, https://www.georgiaencyclopedia.org/articles/science-medicine/american-cancer-society, consulted "
        "2 December 2026.",
    ),
    ("casestudies.organisation", "american-cancer-society", "url", "https://www.cancer.org/", ""),
    ("casestudies.organisation", "un-joint-sdg-fund", "url", "https://www.jointsdgfund.org/", ""),
    ("casestudies.organisation", "unossc", "url", "https://unsouthsouth.org/", ""),
    (
        "casestudies.organisation",
        "national-institute-for-vocational-training-haiti",
        "description",
        "Haiti's public body for vocational training, whose strengthening was the focus of work complementing the "
        "IBSA-funded project for vulnerable youth.",
        "Haiti's institute for vocational training, whose strengthening was the focus of the programme meant to "
        "complement the IBSA project for vulnerable youth.",
    ),
    ("casestudies.organisation", "caixa", "url", "https://www.caixa.gov.br/", ""),
    ("casestudies.organisation", "sadc", "url", "https://www.sadc.int/", ""),
    ("casestudies.organisation", "comesa", "url", "https://www.comesa.int/", ""),
    (
        "casestudies.casestudy",
        "maputo-road-map",
        "body",
        "The guide uses this experience to illustrate city-to-city (C2C) cooperation: the sub-modality in which cities "
        "and local authorities of the South, which deal directly with people's needs and carry out the policies that "
        "affect them, learn from experience gained in settings like their own.\n"
        "\n"
        "In November 2012, representatives of the city of Maputo and of other Mozambican municipalities met authorities "
        "from Durban (South Africa) and from Belo Horizonte and Porto Alegre (Brazil). The global association United "
        "Cities and Local Governments (UCLG) facilitated the meeting, which had the support of:\n"
        "\n"
        "- the ILO;\n"
        "- the Norwegian Ministry of Cooperation;\n"
        "- the Cities Alliance;\n"
        "- the local government associations of Mozambique and of Brazil.\n"
        "\n"
        'The workshop centred on **municipal markets**. Its outcome, the "Maputo road map", set out the strategic '
        "support that cities and their partners would need in order to build a South-South collaboration project among "
        "peer municipalities, and to develop the local capacity to carry it out efficiently.\n"
        "\n"
        "Later exchanges on market policy and market management brought in the most vulnerable actors, the **informal "
        "vendors**, together with NGOs and government technicians.\n"
        "\n"
        "The guide does not say what form the support of each partner took, nor where the meeting was held.",
        "The guide uses this experience to illustrate city-to-city (C2C) cooperation: the sub-modality in which cities "
        "and local authorities of the South, which deal directly with people's needs and carry out the policies that "
        "affect them, learn from experience gained in settings like their own.\n"
        "\n"
        "In November 2012, representatives of the city of Maputo and of other Mozambican municipalities met authorities "
        "from Durban (South Africa) and from Belo Horizonte and Porto Alegre (Brazil). The global association United "
        "Cities and Local Governments (UCLG) facilitated the meeting, which had the support of:\n"
        "\n"
        "- the ILO;\n"
        "- the Norwegian Ministry of Cooperation;\n"
        "- the Cities Alliance;\n"
        "- the local government associations of Mozambique and of Brazil.\n"
        "\n"
        'The workshop centred on **municipal markets**. Its outcome, the "Maputo road map", set out the strategic '
        "support that cities and their partners would need in order to build a South-South collaboration project among "
        "peer municipalities, and to develop the local capacity to carry it out efficiently.\n"
        "\n"
        "Later exchanges on market policy and market management included vulnerable actors, the **informal vendors**, "
        "as well as NGOs and government technicians.\n"
        "\n"
        "The guide does not say what form the support of each partner took, nor where the meeting was held. Because the "
        "workshop was facilitated with their support, the supporters are recorded as facilitating partners; the cities' "
        "roles are left empty. The case is triangular because the Norwegian Ministry of Cooperation, a partner from the "
        "North, supported it.",
    ),
    (
        "casestudies.casestudy",
        "mano-river-union-cross-border-traders",
        "body",
        "The guide presents this case under **fragile-to-fragile (F2F) cooperation**: cooperation among countries in "
        "fragile or post-conflict situations, which share good practices to promote peaceful societies, place shared "
        "concerns on international agendas and support each other through exchange programmes and resource "
        "mobilisation. Through inter-agency mechanisms and through South-South and triangular cooperation, the ILO adds "
        "its contribution to the F2F technical cooperation strategy.\n"
        "\n"
        "The Mano River Union (MRU) brings together Côte d'Ivoire, Guinea, Liberia and Sierra Leone. In 2019 it "
        "received advice on two questions:\n"
        "\n"
        "- how to develop a tool that favours cross-border trade, with the focus on **women entrepreneurs**;\n"
        "- which good practices help put such a tool into effect, from both a regional and a national perspective.\n"
        "\n"
        "The starting point came from another African sub-region: the East African Community's *Simplified Guide*, "
        "written for women traders and small-scale cross-border service providers in that community. It was adapted to "
        "the context of the Union (which the guide also calls by its French acronym, UTM) and to a **pilot in Sierra "
        "Leone**. The adaptation rested on the findings of a situation analysis and on the lessons of a study tour.\n"
        "\n"
        "The guide does not say who gave the advice, who took part in the study tour or where it went.",
        "The guide presents this case under **fragile-to-fragile (F2F) cooperation**: cooperation among countries in "
        "fragile or post-conflict situations, which share good practices to promote peaceful societies, place shared "
        "concerns on international agendas and support each other through exchange programmes and resource "
        "mobilisation. Through inter-agency mechanisms and through South-South and triangular cooperation, the ILO adds "
        "its contribution to the F2F technical cooperation strategy.\n"
        "\n"
        "In 2019 the Mano River Union (MRU) received advice on two questions:\n"
        "\n"
        "- how to develop a tool that favours cross-border trade, with the focus on **women entrepreneurs**;\n"
        "- which good practices help put such a tool into effect, from both a regional and a national perspective.\n"
        "\n"
        "The starting point came from another African sub-region: the East African Community's *Simplified Guide*, "
        "written for women traders and small-scale cross-border service providers in that community. It was adapted to "
        'the context of the Union (which the guide calls "the UTM" at this point, without explaining the letters) and '
        "to a **pilot in Sierra Leone**. The adaptation rested on the findings of a situation analysis and on the "
        "lessons of a study tour.\n"
        "\n"
        "The guide does not say who gave the advice, who took part in the study tour or where it went, nor which member "
        "States of the Union took part besides Sierra Leone, where the pilot ran.",
    ),
    (
        "casestudies.casestudy",
        "zambia-tobacco-social-impact-bond",
        "body",
        "**The idea.** UNDP, WHO, FAO and the ILO are proposing the first social impact bond for tobacco control "
        "anywhere, the T-SIB. Using a 'pay-for-success' model to draw private capital, it would help tobacco farmers "
        "shift to alternatives that are economically viable and environmentally sustainable. Besides funding "
        "alternative-livelihood programmes in Zambia, the vehicle is meant to attract more money for work under "
        "Articles 17 and 18 of the WHO Framework Convention on Tobacco Control (WHO FCTC), through an **Art 17/18 "
        "Finance Facility**.\n"
        "\n"
        "**The convention.** The WHO FCTC accepts that people living from tobacco need economically viable "
        "alternatives, so that tobacco control does not harm them socially or economically, and its Parties agreed to "
        "have due regard to the environment and to people's health in tobacco cultivation and manufacture. Article 17 "
        "covers support for viable alternative activities; Article 18 covers protection of the environment and of "
        "health in cultivation and manufacture.\n"
        "\n"
        "**The approach.** The interventions build on earlier models that gave farmers alternative livelihoods and the "
        "capital to switch. The T-SIB promotes **'Farming as a Business'**: farmers weigh all their resources and plan "
        "to get the most from them through crops, marketing and other activities, diversifying away from tobacco.\n"
        "\n"
        "**Steps so far.** In 2019 a feasibility study for a T-SIB in Zambia was completed by UNDP and the American "
        "Cancer Society. On its promising results, UNDP, WHO, FAO, the ILO and WFP submitted a concept note to the "
        "United Nations Joint SDG Fund. Led by the UN Resident Coordinator's office, the agencies work closely with "
        "national and local government counterparts, civil society, national unions, employers' organisations and the "
        "private sector, with due diligence and an approach that includes social dialogue.\n"
        "\n"
        "**Regional scale-up.** A successful pilot would lead, through knowledge sharing and peer learning from Zambia, "
        "to a sustainable, catalytic regional T-SIB investment facility to help the **1.5 million** tobacco farmers of "
        "Tanzania, Madagascar, Malawi, Zimbabwe and Mozambique leave tobacco, keeping production from moving elsewhere "
        "and deterring new growers.",
        "**The idea.** UNDP, WHO, FAO and the ILO are proposing the first social impact bond for tobacco control "
        "anywhere, the T-SIB. Using a 'pay-for-success' model to draw private capital, it would help tobacco farmers "
        "shift to alternatives that are economically viable and environmentally sustainable. Besides funding "
        "alternative-livelihood programmes in Zambia, the vehicle is meant to attract more money for work under "
        "Articles 17 and 18 of the WHO Framework Convention on Tobacco Control (WHO FCTC), through an **Art 17/18 "
        "Finance Facility**.\n"
        "\n"
        "**The convention.** The WHO FCTC accepts that people living from tobacco need economically viable "
        "alternatives, so that tobacco control does not harm them socially or economically, and its Parties agreed to "
        "have due regard to the environment and to people's health in tobacco cultivation and manufacture. Article 17 "
        "covers support for viable alternative activities; Article 18 covers protection of the environment and of "
        "health in cultivation and manufacture.\n"
        "\n"
        "**The approach.** The interventions build on earlier models that gave farmers alternative livelihoods and the "
        "capital to switch. The T-SIB promotes **'Farming as a Business'**: farmers weigh all their resources and plan "
        "to get the most from them through crops, marketing and other activities, diversifying away from tobacco.\n"
        "\n"
        "**Steps so far.** In 2019 a feasibility study for a T-SIB in Zambia was completed by UNDP and the American "
        "Cancer Society. The results were promising, and a concept note went to the United Nations Joint SDG Fund from "
        "five agencies: UNDP, WHO, FAO, WFP and the ILO. Led by the UN Resident Coordinator's office, the agencies work "
        "closely with national and local government counterparts, civil society, national unions, employers' "
        "organisations and the private sector, with due diligence and an approach that includes social dialogue.\n"
        "\n"
        "**Regional scale-up.** A successful pilot would lead, through knowledge sharing and peer learning from Zambia, "
        "to a sustainable, catalytic regional T-SIB investment facility to help the **1.5 million** tobacco farmers of "
        "Tanzania, Madagascar, Malawi, Zimbabwe and Mozambique leave tobacco, keeping production from moving elsewhere "
        "and deterring new growers.\n"
        "\n"
        "**Why it is triangular.** The UN agencies are international organisations and do not by themselves make the "
        "cooperation triangular; the American Cancer Society completed the feasibility study with UNDP, and it is the "
        "partner from the North: it is based in the United States, which the guide does not say (the source is given "
        "with the partner below).",
    ),
    (
        "casestudies.casestudy",
        "india-un-fund-commonwealth",
        "body",
        "The India-UN Development Partnership Fund – Commonwealth was established in **2018** as a dedicated sub-window "
        "of the India-UN Development Partnership Fund, which the guide presents as an India trust fund. That fund is a "
        "facility inside the United Nations Fund for South-South Cooperation (UNFSSC); UNDP administers it, and the "
        "United Nations Office for South-South Cooperation (UNOSSC) hosts it.\n"
        "\n"
        "**The wider fund.** UNFSSC was established on 17 April 1996, after United Nations General Assembly resolution "
        "50/119 of 5 December 1995 invited the creation of a voluntary fund in support of South-South cooperation. "
        "UNOSSC manages it.\n"
        "\n"
        "**Allocation.** The India-UN Development Partnership Fund – Commonwealth has a Board of Directors, which "
        "decides which specific projects receive resources from the window.\n"
        "\n"
        "**What it funds.** Its projects respond to cooperation requests from other developing countries that are "
        "members of the Commonwealth. They lie on different continents and are currently classed as least developed "
        "countries (LDCs) or small island developing States (SIDS), so the window also stimulates **SIDS-to-SIDS "
        "cooperation**. The projects advance the Sustainable Development Goals through concrete initiatives; the "
        "window's main goals are to support South-South and triangular cooperation and to promote financing for the "
        "SDGs.\n"
        "\n"
        "**The ILO's part.** The ILO currently draws on a contribution from the window for **skills and youth "
        "employment in the Caribbean** (2019-2020, ongoing).",
        "The India-UN Development Partnership Fund – Commonwealth was established in **2018** as a dedicated sub-window "
        "of the India-UN Development Partnership Fund, which the guide presents as an India trust fund. That fund is a "
        "facility inside the United Nations Fund for South-South Cooperation (UNFSSC); UNDP administers it, and the "
        "United Nations Office for South-South Cooperation (UNOSSC) hosts it.\n"
        "\n"
        "**The wider fund.** UNOSSC manages UNFSSC. The fund dates from 17 April 1996: on 5 December 1995, resolution "
        "50/119 of the United Nations General Assembly had called for a voluntary fund to back South-South "
        "cooperation.\n"
        "\n"
        "**Allocation.** The India-UN Development Partnership Fund – Commonwealth has a Board of Directors, which "
        "decides which specific projects receive resources from the window.\n"
        "\n"
        "**What it funds.** Its projects respond to cooperation requests from other developing countries that are "
        "members of the Commonwealth. Those countries lie on several continents, and among them are countries now "
        "classed as least developed countries (LDCs) and small island developing States (SIDS); the window thus also "
        "encourages **SIDS-to-SIDS cooperation**. The projects advance the Sustainable Development Goals through "
        "concrete initiatives; the window's main goals are to support South-South and triangular cooperation and to "
        "promote financing for the SDGs.\n"
        "\n"
        "**The ILO's part.** The ILO currently draws on a contribution from the window for **skills and youth "
        "employment in the Caribbean** (2019-2020, ongoing). The guide names the region but none of its countries.\n"
        "\n"
        "**Why it is South-South.** India finances the window, and the ILO, UNDP and UNOSSC take part as international "
        "organisations; no partner from the North supports it, and an international organisation's part does not make "
        "cooperation triangular.",
    ),
    (
        "casestudies.casestudy",
        "india-un-fund-commonwealth",
        "summary",
        "Set up in 2018, the Commonwealth window of the India-UN Development Partnership Fund finances projects that "
        "developing Commonwealth members ask for, many of them least developed countries and small island developing "
        "States. The ILO is currently using it for work on skills and youth employment in the Caribbean.",
        "Set up in 2018, the Commonwealth window of the India-UN Development Partnership Fund finances projects that "
        "developing Commonwealth members ask for, among them least developed countries and small island developing "
        "States. The ILO is currently using it for work on skills and youth employment in the Caribbean.",
    ),
    (
        "casestudies.casestudy",
        "ibsa-fund-haiti",
        "body",
        "**The IBSA Dialogue Forum** is a trilateral grouping of India, Brazil and South Africa that promotes SSTC "
        "among them. It links three poles of the developing world, in Asia, South America and Africa, and gives them a "
        "platform for cooperation on agriculture, trade, culture, defence and other fields. It weighs more and more in "
        "the foreign policies of IBSA and BRICS countries, helps the three coordinate on global issues and has "
        "strengthened their sectoral cooperation. Through the IBSA (India-Brazil-South Africa) Facility, the IBSA Fund, "
        "the three also finance South-South and triangular cooperation.\n"
        "\n"
        "**The Haiti project (2015-2017).** In 2015 IBSA approved a two-year project of **US$ 1.5 million** for Haiti. "
        "Its aim was to integrate vulnerable children and youth socially and economically by means of:\n"
        "\n"
        "- vocational training;\n"
        "- job placement;\n"
        "- entrepreneurship and citizenship development, through income-generating activities.\n"
        "\n"
        "**Anchored in national priorities.** The programme was fully integrated with Haiti's first Decent Work Country "
        "Programme (DWCP), signed in February 2015, which names vocational training as one of its three top priorities. "
        "Haiti was also one of four pilot countries implementing the G20 Vocational Training Strategy with ILO support. "
        "In that framework a new programme was to complement the IBSA one by strengthening Haiti's **National Institute "
        "for Vocational Training**, including capacity development on income generation and skills for working with the "
        "private sector, with Brazil's **SENAI** and **CNI** contributing their experience.",
        "**The IBSA Dialogue Forum** is a trilateral grouping of India, Brazil and South Africa that promotes SSTC "
        "among them. It links three poles of the developing world, in Asia, South America and Africa, and gives them a "
        "platform for cooperation on agriculture, trade, culture, defence and other fields. It weighs more and more in "
        "the foreign policies of IBSA and BRICS countries, helps the three coordinate on global issues and has "
        "strengthened their sectoral cooperation. Through the IBSA (India-Brazil-South Africa) Facility, the IBSA Fund, "
        "the three also finance South-South and triangular cooperation.\n"
        "\n"
        "**The Haiti project (2015-2017).** In 2015 IBSA approved a two-year project of **US$ 1.5 million** for Haiti. "
        "Its aim was to integrate vulnerable children and youth socially and economically by means of:\n"
        "\n"
        "- vocational training;\n"
        "- job placement;\n"
        "- entrepreneurship and citizenship development, through income-generating activities.\n"
        "\n"
        "**Anchored in national priorities.** The programme was fully integrated with Haiti's first Decent Work Country "
        "Programme (DWCP), signed in February 2015, which names vocational training as one of its three top priorities. "
        "Haiti was also one of four pilot countries implementing the G20 Vocational Training Strategy with ILO support. "
        "In that framework a new programme was to complement the IBSA one by strengthening Haiti's **National Institute "
        "for Vocational Training**, including capacity development on income generation and skills for working with the "
        "private sector, with Brazil's **SENAI** and **CNI** contributing their experience.\n"
        "\n"
        "**Why it is South-South.** India, Brazil and South Africa finance the project for Haiti; the ILO supports it "
        "as an international organisation, which does not make cooperation triangular.",
    ),
    (
        "casestudies.casestudy",
        "ibsa-fund-haiti",
        "summary",
        "In 2015 the IBSA Fund of India, Brazil and South Africa approved a two-year, US$ 1.5 million project helping "
        "vulnerable children and youth in Haiti into work and income through vocational training, job placement, "
        "entrepreneurship and citizenship. The project was built into Haiti's first Decent Work Country Programme and "
        "drew on the experience of Brazil's SENAI and CNI.",
        "In 2015 the IBSA Fund of India, Brazil and South Africa approved a two-year, US$ 1.5 million project helping "
        "vulnerable children and youth in Haiti into work and income through vocational training, job placement, "
        "entrepreneurship and citizenship. Built into Haiti's first Decent Work Country Programme, it was to be "
        "complemented by a programme strengthening the National Institute for Vocational Training, which would draw on "
        "the experience of Brazil's SENAI and CNI.",
    ),
    (
        "casestudies.casestudy",
        "bolsa-verde",
        "body",
        "**The programme.** Brazil officially launched Bolsa Verde (green grant) in October 2011 to promote social "
        "inclusion and encourage the conservation of the country's ecosystems. Part of the national poverty alleviation "
        "plan, the programme (2011-2020, ongoing) is run jointly by Brazil's Ministry of Environment and Caixa, a "
        "public bank.\n"
        "\n"
        "Poor families receive **R$ 300** in grant funds every three months. In return they commit to environmental "
        "conservation, to keeping the vegetation cover and to using natural resources sustainably. By October 2012 more "
        "than **30,000** families living in national forests, extractive reserves, traditional communities and new "
        "settlements had benefited.\n"
        "\n"
        "**The ILO project.** Implemented with the ILO and financed by Brazil's Ministry of the Environment, a project "
        "tackled the challenges of scaling up Bolsa Verde and promoted sustainable activities that could bring "
        "employment and income to participating families.\n"
        "\n"
        "**Main partners:**\n"
        "\n"
        "- Brazil's Ministries of Environment, Social Development, Agrarian Development and Foreign Relations;\n"
        "- the environment ministries of eight countries that run similar programmes of their own: China, India and "
        "Indonesia in Asia; Colombia, Costa Rica and Ecuador in Latin America; Mozambique and South Africa in Africa.\n"
        "\n"
        "**Knowledge sharing.** Mapping good practices and sharing them with other countries comes as just transition, "
        "climate change and green jobs rise as international priorities. The practices and exchanges are being "
        "documented so that countries in Latin America and the Caribbean can draw lessons, improve their existing "
        "social and environmental protection floors and perhaps create programmes of their own.\n"
        "\n"
        "**Areas of contribution:**\n"
        "\n"
        "- income generation;\n"
        "- social inclusion;\n"
        "- outreach: higher family income is meant to ease the pressure to cut wood and to clear land for cattle "
        "raising;\n"
        "- the environment: the quarterly R$ 300 transfer is tied to commitments to conservation, vegetation cover and "
        "sustainable use of natural resources.",
        "**The programme.** Brazil officially launched Bolsa Verde (green grant) in October 2011 to promote social "
        "inclusion and encourage the conservation of the country's ecosystems. Part of the national poverty alleviation "
        "plan, the programme (2011-2020, ongoing) is run jointly by Brazil's Ministry of Environment and Caixa, a "
        "public bank.\n"
        "\n"
        "Poor families receive **R$ 300** in grant funds every three months. In return they commit to environmental "
        "conservation, to keeping the vegetation cover and to using natural resources sustainably. By October 2012 the "
        "grant had reached more than **30,000** families, who live in new settlements, traditional communities, "
        "extractive reserves and national forests.\n"
        "\n"
        "**The ILO project.** Implemented with the ILO and financed by Brazil's Ministry of the Environment, a project "
        "tackled the challenges of scaling up Bolsa Verde and promoted sustainable activities that could bring "
        "employment and income to participating families.\n"
        "\n"
        "**Main partners:**\n"
        "\n"
        "- Brazil's Ministries of Environment, Social Development, Agrarian Development and Foreign Relations;\n"
        "- the environment ministries of eight countries that run similar programmes of their own: China, India and "
        "Indonesia in Asia; Colombia, Costa Rica and Ecuador in Latin America; Mozambique and South Africa in Africa.\n"
        "\n"
        "**Knowledge sharing.** Mapping good practices and sharing them with other countries comes as just transition, "
        "climate change and green jobs rise as international priorities. The practices and exchanges are being "
        "documented so that countries in Latin America and the Caribbean can draw lessons, improve their existing "
        "social and environmental protection floors and perhaps create programmes of their own.\n"
        "\n"
        "**Areas of contribution:**\n"
        "\n"
        "- income generation;\n"
        "- social inclusion;\n"
        "- outreach: higher family income is meant to ease the pressure to cut wood and to clear land for cattle "
        "raising;\n"
        "- the environment: the quarterly R$ 300 transfer is tied to commitments to conservation, vegetation cover and "
        "sustainable use of natural resources.\n"
        "\n"
        "**Why it is South-South.** Brazil's ministry finances the project and Southern ministries share their "
        "experience; the ILO implements it as an international organisation, which does not make cooperation "
        'triangular. The guide gives the programme\'s years as "2011-2020, ongoing", so no end year is recorded.',
    ),
    ("casestudies.casestudy", "bolsa-verde", "end_year", 2020, None),
    (
        "casestudies.casestudy",
        "women-financial-inclusion-southern-africa",
        "body",
        "In **April 2020** the ILO launched an initiative aimed at **Lesotho, South Africa and Eswatini** (written "
        "eSwatini in the guide). It supports knowledge sharing and peer learning on good practices that advance women's "
        "economic empowerment through economic and financial inclusion.\n"
        "\n"
        "**The challenge.** Women entrepreneurs and women-led enterprises find it hard to obtain capital and to reach "
        "markets. The initiative seeks to strengthen local capacity to apply innovative business models that can lift "
        "women out of poverty.\n"
        "\n"
        "**Partners.** The ILO joins forces with three regional economic communities to build networks and partnerships "
        "for peer learning and for sharing innovative practices in women's financial inclusion:\n"
        "\n"
        "- the East African Community (EAC);\n"
        "- the Common Market for Eastern and Southern Africa (COMESA);\n"
        "- the Southern African Development Community (SADC).\n"
        "\n"
        "**Practices to learn from.** The project rests on good practices from other African countries, including "
        "Egypt, Kenya and Ethiopia, that have shown positive and sustainable results for women's economic empowerment. "
        "The guide cites two of them:\n"
        "\n"
        "- a **women's bank in Ethiopia**, set up as a private-sector initiative;\n"
        "- Kenya's policy of **gender-based affirmative action in public procurement**.\n"
        "\n"
        "The guide names neither the Ethiopian bank nor the Egyptian practice, and gives no end date for the "
        "initiative.",
        "In **April 2020** the ILO launched an initiative aimed at **Lesotho, South Africa and Eswatini** (written "
        "eSwatini in the guide). It supports knowledge sharing and peer learning on good practices that advance women's "
        "economic empowerment through economic and financial inclusion.\n"
        "\n"
        "**The challenge.** Women entrepreneurs and women-led enterprises find it hard to obtain capital and to reach "
        "markets. The initiative seeks to strengthen local capacity to apply innovative business models that can lift "
        "women out of poverty.\n"
        "\n"
        "**Partners.** The ILO joins forces with three regional economic communities to build networks and partnerships "
        "for peer learning and for sharing innovative practices in women's financial inclusion:\n"
        "\n"
        "- the East African Community (EAC);\n"
        "- the Common Market for Eastern and Southern Africa (COMESA);\n"
        "- the Southern African Development Community (SADC).\n"
        "\n"
        "**Practices to learn from.** Egypt, Kenya and Ethiopia are among the other African countries whose good "
        "practices the project builds on, practices whose results for women's economic empowerment have proved positive "
        "and lasting. The guide cites two of them:\n"
        "\n"
        "- a **women's bank in Ethiopia**, set up as a private-sector initiative;\n"
        "- Kenya's policy of **gender-based affirmative action in public procurement**.\n"
        "\n"
        "The guide names neither the Ethiopian bank nor the Egyptian practice, and gives no end date for the "
        "initiative.\n"
        "\n"
        "**Why it is South-South.** The ILO launched the initiative, and SADC, COMESA and the EAC join it; all are "
        "international or regional organisations, which do not make cooperation triangular, and no partner from the "
        "North takes part.",
    ),
    (
        "casestudies.participation",
        ("maputo-road-map", 1),
        "note",
        "with other Mozambican municipalities, whose markets and capacity the road map addresses",
        "with other Mozambican municipalities, whose markets and local capacity the road map addresses",
    ),
    ("casestudies.participation", ("maputo-road-map", 1), "role", "host", ""),
    (
        "casestudies.participation",
        ("maputo-road-map", 2),
        "note",
        "peer city taking part in the 2012 meeting",
        "its authorities took part in the 2012 meeting; the guide does not say what they shared",
    ),
    ("casestudies.participation", ("maputo-road-map", 2), "role", "knowledge", ""),
    (
        "casestudies.participation",
        ("maputo-road-map", 3),
        "note",
        "peer city taking part in the 2012 meeting",
        "its authorities took part in the 2012 meeting; the guide does not say what they shared",
    ),
    ("casestudies.participation", ("maputo-road-map", 3), "role", "knowledge", ""),
    (
        "casestudies.participation",
        ("maputo-road-map", 4),
        "note",
        "peer city taking part in the 2012 meeting",
        "its authorities took part in the 2012 meeting; the guide does not say what they shared",
    ),
    ("casestudies.participation", ("maputo-road-map", 4), "role", "knowledge", ""),
    (
        "casestudies.participation",
        ("maputo-road-map", 6),
        "note",
        "supported the meeting (form of support not given)",
        "supported the UCLG-facilitated meeting; the guide does not say in what form",
    ),
    ("casestudies.participation", ("maputo-road-map", 6), "role", "resource", "facilitating"),
    (
        "casestudies.participation",
        ("maputo-road-map", 7),
        "note",
        "supported the meeting (form of support not given)",
        "supported the UCLG-facilitated meeting; the guide does not say in what form",
    ),
    ("casestudies.participation", ("maputo-road-map", 7), "role", "resource", "facilitating"),
    (
        "casestudies.participation",
        ("maputo-road-map", 8),
        "note",
        "supported the meeting (form of support not given)",
        "supported the UCLG-facilitated meeting; the guide does not say in what form",
    ),
    ("casestudies.participation", ("maputo-road-map", 8), "role", "resource", "facilitating"),
    (
        "casestudies.participation",
        ("maputo-road-map", 9),
        "note",
        "supported the meeting (form of support not given)",
        "supported the UCLG-facilitated meeting; the guide does not say in what form",
    ),
    ("casestudies.participation", ("maputo-road-map", 9), "role", "resource", "facilitating"),
    (
        "casestudies.participation",
        ("maputo-road-map", 10),
        "note",
        "supported the meeting (form of support not given)",
        "supported the UCLG-facilitated meeting; the guide does not say in what form",
    ),
    ("casestudies.participation", ("maputo-road-map", 10), "role", "resource", "facilitating"),
    (
        "casestudies.participation",
        ("ibsa-fund-haiti", 4),
        "note",
        "its experience informs the work in Haiti",
        "its experience was to inform the complementary programme for Haiti's National Institute for Vocational "
        "Training",
    ),
    (
        "casestudies.participation",
        ("ibsa-fund-haiti", 5),
        "note",
        "its experience informs the work in Haiti",
        "its experience was to inform the complementary programme for Haiti's National Institute for Vocational "
        "Training",
    ),
    ("casestudies.source", ("maputo-road-map", 1), "page", "5-6", "6"),
    ("casestudies.source", ("mano-river-union-cross-border-traders", 1), "page", "6-7", "7"),
    ("casestudies.source", ("india-un-fund-commonwealth", 1), "page", "22", "21"),
    ("casestudies.source", ("ibsa-fund-haiti", 1), "page", "22-23", "22"),
    ("casestudies.source", ("bolsa-verde", 1), "page", "23-24", "22-23"),
    (
        "casestudies.grouping",
        "mercosur",
        "description",
        "The South American customs union and common market founded by Argentina, Brazil, Paraguay and Uruguay, later "
        "joined by Bolivia and by Venezuela (suspended since 2016). The guide names it as an example of a sub-regional "
        "framework for South-South cooperation.",
        "A South American grouping. The guide names it as an example of a sub-regional framework for South-South "
        "cooperation.",
    ),
    (
        "casestudies.grouping",
        "andean-community",
        "description",
        "An integration bloc of four Andean countries of South America. The guide gives it, beside MERCOSUR, as an "
        "example of sub-regional South-South cooperation.",
        "A grouping of Andean countries of South America. The guide gives it, beside MERCOSUR, as an example of "
        "sub-regional South-South cooperation.",
    ),
    (
        "casestudies.grouping",
        "cplp",
        "description",
        "The organisation of the nine countries on four continents that share Portuguese as an official language. The "
        "guide lists it among the interregional platforms for South-South cooperation.",
        "The Community of Portuguese-speaking Countries. The guide lists it among the interregional platforms for "
        "South-South cooperation.",
    ),
    (
        "casestudies.grouping",
        "brics",
        "description",
        "A forum of large emerging economies, started by Brazil, Russia, India, China and South Africa and enlarged "
        "from 2024. The guide lists it among the interregional platforms for South-South cooperation and mentions it "
        "again beside IBSA in its account of the IBSA Fund.",
        "A forum of emerging economies. The guide lists it among the interregional platforms for South-South "
        "cooperation and mentions it again beside IBSA in its account of the IBSA Fund.",
    ),
    (
        "casestudies.grouping",
        "sadc",
        "description",
        "The regional economic community of sixteen States of southern Africa. The guide names it as one of the "
        "groupings an ILO initiative launched in 2020 works with to build peer-learning networks on women's financial "
        "inclusion in Lesotho, South Africa and Eswatini.",
        "The Southern African Development Community. The guide names it as one of the groupings an ILO initiative "
        "launched in 2020 works with to build peer-learning networks on women's financial inclusion in Lesotho, South "
        "Africa and eSwatini.",
    ),
    (
        "casestudies.grouping",
        "comesa",
        "description",
        "A free trade area and regional economic community stretching from Tunisia and Egypt to Eswatini. The guide "
        "names it beside SADC and the EAC as a partner of the 2020 ILO initiative on women's financial inclusion in "
        "southern Africa.",
        "The Common Market for Eastern and Southern Africa. The guide names it beside SADC and the EAC as a partner of "
        "the 2020 ILO initiative on women's financial inclusion in southern Africa.",
    ),
    (
        "casestudies.grouping",
        "mano-river-union",
        "description",
        "A sub-regional organisation of four West African countries, several of them emerging from conflict. The guide "
        "uses it as its example of fragile-to-fragile cooperation: in 2019 it received advice on a cross-border trade "
        "tool for women traders, piloted in Sierra Leone.",
        "The guide's example of fragile-to-fragile cooperation: in 2019 the Union received advice on a cross-border "
        "trade tool for women traders, piloted in Sierra Leone.",
    ),
    (
        "casestudies.grouping",
        "commonwealth",
        "description",
        "A voluntary association of 56 States on every continent, most of them once linked to the British Empire. The "
        "guide names it through the India-UN Development Partnership Fund – Commonwealth, a window set up in 2018 that "
        "answers cooperation requests from developing Commonwealth members, including LDCs and SIDS.",
        "An association of States on several continents. The guide names it through the India-UN Development "
        "Partnership Fund – Commonwealth, a window set up in 2018 that answers cooperation requests from developing "
        "Commonwealth members, among them LDCs and SIDS.",
    ),
    ("casestudies.organisation", "ilo", "url", "https://www.ilo.org/", ""),
]

SETS = [
    ("casestudies.casestudy", "malaysia-mnce", "countries", ["IN", "LK", "MY", "NP", "PH"], ["IN", "LK", "MY", "NP"]),
    ("casestudies.casestudy", "malaysia-mnce", "groupings", ["asean"], []),
    ("casestudies.casestudy", "malaysia-mnce", "submodalities", ["regional"], []),
    ("casestudies.casestudy", "mano-river-union-cross-border-traders", "countries", ["CI", "GN", "LR", "SL"], ["SL"]),
    (
        "casestudies.casestudy",
        "india-un-fund-commonwealth",
        "groupings",
        ["commonwealth"],
        ["caribbean", "commonwealth"],
    ),
]

FOREIGN_KEYS = {"modality": ("guide", "Modality", "slug"), "country": ("casestudies", "Country", "iso2")}
SET_TARGETS = {
    "countries": ("casestudies", "Country", "iso2"),
    "groupings": ("casestudies", "Grouping", "slug"),
    "submodalities": ("guide", "SubModality", "slug"),
}
# A grouping the corrections add to an existing case study; load_guide would add it only after.
CARIBBEAN = {
    "slug": "caribbean",
    "name": "The Caribbean",
    "kind": "regional",
    "description": (
        "The region where, the guide says, the ILO uses a contribution from the India-UN Development Partnership "
        "Fund – Commonwealth for skills and youth employment. The guide names no country of it, so no member is "
        "recorded."
    ),
    "section": "SSTC & Financing Decent Work, 4. Case studies: more SSTC initiatives on Financing Decent Work",
}


def row(apps, model, key):
    app_label, name = model.split(".")
    Model = apps.get_model(app_label, name)
    if name == "participation" or name == "source":
        slug, order = key
        return Model.objects.filter(case_study__slug=slug, order=order)
    return Model.objects.filter(slug=key)


def pointed(apps, field, key):
    if key is None:
        return None
    app_label, name, key_field = FOREIGN_KEYS[field]
    return apps.get_model(app_label, name).objects.filter(**{key_field: key}).first()


def correct(apps, backwards=False):
    changed = 0
    for model, key, field, old, new in CORRECTIONS:
        if backwards:
            old, new = new, old
        rows = row(apps, model, key)
        if field in FOREIGN_KEYS:
            key_field = FOREIGN_KEYS[field][2]
            current = {f"{field}__isnull": True} if old is None else {f"{field}__{key_field}": old}
            target = pointed(apps, field, new)
            if new is not None and target is None:
                continue
            changed += rows.filter(**current).update(**{f"{field}": target})
        else:
            changed += rows.filter(**{field: old}).update(**{field: new})
    for model, key, field, old, new in SETS:
        if backwards:
            old, new = new, old
        case_study = row(apps, model, key).first()
        if case_study is None:
            continue
        app_label, name, key_field = SET_TARGETS[field]
        relation = getattr(case_study, field)
        if sorted(relation.values_list(key_field, flat=True)) != old:
            continue
        if field == "groupings" and "caribbean" in new:
            apps.get_model("casestudies", "Grouping").objects.get_or_create(
                slug="caribbean", defaults={k: v for k, v in CARIBBEAN.items() if k != "slug"}
            )
        relation.set(apps.get_model(app_label, name).objects.filter(**{f"{key_field}__in": new}))
        changed += 1
    if changed:
        # The public pages and cached counts are keyed by the catalogue's version: show the corrections.
        CatalogueVersion = apps.get_model("core", "CatalogueVersion")
        version, _ = CatalogueVersion.objects.get_or_create(pk=1)
        CatalogueVersion.objects.filter(pk=1).update(number=version.number + 1)


def forwards(apps, schema_editor):
    correct(apps)


def backwards(apps, schema_editor):
    correct(apps, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0010_outside_source"),
        ("guide", "0003_glossary"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
