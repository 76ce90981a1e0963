SELECT
  COUNT(*) AS `CountStar`
FROM (
  SELECT
    *
  FROM (
    SELECT
      `t2`.`pos`
    FROM (
      SELECT
        `t0`.`pos`
      FROM `event_actors` AS `t0`
      WHERE
        `t0`.`actor` IN ('Iran', 'Ali Akbar Velayati') AND `t0`.`theatre` = 'Caucasus'
    ) AS `t2`
    GROUP BY
      1
  ) AS `t3`
  INTERSECT DISTINCT
  SELECT
    *
  FROM (
    SELECT
      `t0`.`pos`
    FROM `event_actors` AS `t0`
    WHERE
      `t0`.`actor` IN ('Armenia') AND `t0`.`theatre` = 'Caucasus'
  ) AS `t1`
) AS `t4`
